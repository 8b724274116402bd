package dev.parley.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimesTest {

    private static final long T = 1_769_853_600_123L;

    @Test
    void formatsBothChatApiShapes() {
        assertThat(Times.chat(T)).isEqualTo("2026-01-31T10:00:00.123");
        assertThat(Times.iso(T)).isEqualTo("2026-01-31T10:00:00.123Z");
    }

    @Test
    void readsEpochMillisZonelessUtcAndIsoWithZone() {
        assertThat(Times.parse(String.valueOf(T))).contains(T);
        assertThat(Times.parse("2026-01-31T10:00:00.123")).contains(T);
        assertThat(Times.parse("2026-01-31T12:00:00.123+02:00")).contains(T);
        assertThat(Times.parse("2026-01-31T10:00:00.123Z")).contains(T);
        assertThat(Times.parse("yesterday")).isEmpty();
    }

    @Test
    void datesBeyondEpochMillisAreNotTimes() {
        assertThat(Times.parse("+999999999-12-31T23:59:59Z")).isEmpty();
        assertThat(Times.parse("-999999999-01-01T00:00:00")).isEmpty();
    }
}
