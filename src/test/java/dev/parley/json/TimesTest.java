package dev.parley.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final long T = 1_769_853_600_123L;

    @Test
    void formatsBothChatApiShapes() {
        assertThat(Times.chat(T)).isEqualTo("2026-01-31T10:00:00.123");
        assertThat(Times.iso(T)).isEqualTo("2026-01-31T10:00:00.123Z");
    }

    @Test
    void formatsExactlyAsTheJavaTimePatternsAcrossTheirWholeRange() {
        DateTimeFormatter chat = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(42);
        long lastOf9999 = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        long[] edges = {0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000L /* 2000-02-29 */, 4_107_542_399_999L,
            lastOf9999 - 1, lastOf9999, lastOf9999 + 1, -1, -86_400_001, -62_135_596_800_001L /* year 0 */,
            Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli()};
        for (long t : edges) {
            assertThat(Times.chat(t)).as("%d", t).isEqualTo(chat.format(Instant.ofEpochMilli(t)));
            assertThat(Times.iso(t)).as("%d", t).isEqualTo(iso.format(Instant.ofEpochMilli(t)));
        }
        for (int i = 0; i < 100_000; i++) {
            long t = random.nextLong(0, lastOf9999 + 1);
            assertThat(Times.chat(t)).as("%d", t).isEqualTo(chat.format(Instant.ofEpochMilli(t)));
            assertThat(Times.iso(t)).as("%d", t).isEqualTo(iso.format(Instant.ofEpochMilli(t)));
        }
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
