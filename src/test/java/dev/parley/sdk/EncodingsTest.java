package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodingsTest {

    @Test
    void gzipIsTakenWhenListedOrStarredUnlessRefusedWithQZero() {
        assertThat(Encodings.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(Encodings.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(Encodings.acceptsGzip("*")).isTrue();
        assertThat(Encodings.acceptsGzip("")).isFalse();
        assertThat(Encodings.acceptsGzip("identity")).isFalse();
        assertThat(Encodings.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(Encodings.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(Encodings.acceptsGzip("gzip;q=0.001")).isTrue();
    }

    @Test
    void ifNoneMatchMatchesEitherEncodingsTagWeaklyOrAStar() {
        assertThat(Encodings.matches("\"abc\"", "abc")).isTrue();
        assertThat(Encodings.matches("\"x\", W/\"abc-gzip\"", "abc")).isTrue();
        assertThat(Encodings.matches("*", "abc")).isTrue();
        assertThat(Encodings.matches("", "abc")).isFalse();
        assertThat(Encodings.matches("\"abcd\"", "abc")).isFalse();
        assertThat(Encodings.matches("abc", "abc")).isFalse();
    }
}
