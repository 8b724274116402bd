package dev.parley.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UploadLimiterTest {

    private static final ClientKey ANN = new ClientKey(1, "ann");
    private static final ClientKey BOB = new ClientKey(1, "bob");

    private final SettableClock clock = new SettableClock();

    @Test
    void aBurstOfTheAllowanceThenOneEveryShareOfAMinute() {
        UploadLimiter limiter = new UploadLimiter(clock, 3);
        limiter.acquire(ANN);
        limiter.acquire(ANN);
        limiter.acquire(ANN);

        assertThatThrownBy(() -> limiter.acquire(ANN)).isInstanceOfSatisfying(ApiException.TooManyRequests.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(20));
        limiter.acquire(BOB);
        clock.millis += 19_000;
        assertThatThrownBy(() -> limiter.acquire(ANN)).isInstanceOfSatisfying(ApiException.TooManyRequests.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.millis += 1_000;
        limiter.acquire(ANN);
        assertThatThrownBy(() -> limiter.acquire(ANN)).isInstanceOf(ApiException.TooManyRequests.class);
    }

    @Test
    void zeroTurnsTheLimitOff() {
        UploadLimiter limiter = new UploadLimiter(clock, 0);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire(ANN);
        }
    }

    private static final class SettableClock extends Clock {
        private long millis = 1_000_000;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
