package dev.parley.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays: 1 s doubling per attempt, capped (at 10 min for webhooks), each randomized by ±25% so retries do not
 * stampede. Thread-safe if {@code random} is.
 */
public final class Backoff {

    private static final long BASE_MILLIS = 1_000;
    private static final Duration WEBHOOK_CAP = Duration.ofMinutes(10);

    private final RandomGenerator random;
    private final long capMillis;

    public Backoff(RandomGenerator random) {
        this(random, WEBHOOK_CAP);
    }

    public Backoff(RandomGenerator random, Duration cap) {
        if (cap.toMillis() < BASE_MILLIS) {
            throw new IllegalArgumentException("the cap must be at least the first delay, not " + cap);
        }
        this.random = random;
        this.capMillis = cap.toMillis();
    }

    /** The delay after failed attempt number {@code attempt} (1 for the first). */
    public long delayMillis(int attempt) {
        long exact = attempt >= 20 ? capMillis : Math.min(capMillis, BASE_MILLIS << (attempt - 1));
        double factor = 0.75 + random.nextDouble() * 0.5;
        return Math.round(exact * factor);
    }
}
