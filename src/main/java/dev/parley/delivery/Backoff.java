package dev.parley.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Retry delays: 1 s doubling per attempt, capped at 10 min, each randomized by ±25% so retries do not stampede. */
public final class Backoff {

    private static final long BASE_MILLIS = 1_000;
    private static final long CAP_MILLIS = Duration.ofMinutes(10).toMillis();

    private final RandomGenerator random;

    public Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The delay after failed attempt number {@code attempt} (1 for the first). */
    public long delayMillis(int attempt) {
        long exact = attempt >= 20 ? CAP_MILLIS : Math.min(CAP_MILLIS, BASE_MILLIS << (attempt - 1));
        double factor = 0.75 + random.nextDouble() * 0.5;
        return Math.round(exact * factor);
    }
}
