package dev.parley.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadLimiterTest {

    private static final ClientKey ANN = new ClientKey(1, "ann");
    private static final ClientKey BOB = new ClientKey(1, "bob");

    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_000_000));

    @Test
    void aBurstOfTheAllowanceThenOneEveryShareOfAMinute() {
        UploadLimiter limiter = new UploadLimiter(clock, 3);
        limiter.acquire(ANN);
        limiter.acquire(ANN);
        limiter.acquire(ANN);

        assertThatThrownBy(() -> limiter.acquire(ANN)).isInstanceOfSatisfying(ApiException.TooManyRequests.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(20));
        limiter.acquire(BOB);
        clock.advance(Duration.ofSeconds(19));
        assertThatThrownBy(() -> limiter.acquire(ANN)).isInstanceOfSatisfying(ApiException.TooManyRequests.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(1));
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

}
