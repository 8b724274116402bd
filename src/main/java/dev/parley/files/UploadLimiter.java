package dev.parley.files;

import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many files one client may upload: a token bucket of {@code perMinute} uploads, refilled evenly over a minute, so a
 * burst of that many is allowed and then one every {@code 60 / perMinute} seconds. Uploads cost memory and database
 * space far beyond a message, hence their own limit next to the per-second one of every client call. Buckets of
 * clients that are full again are dropped, so memory follows the number of uploading clients. Thread-safe.
 */
final class UploadLimiter {

    private static final int SWEEP_ABOVE = 10_000;
    private static final double MINUTE_MS = 60_000.0;

    private final Map<ClientKey, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int perMinute;

    /** @param perMinute uploads a minute per client; 0 turns limiting off */
    UploadLimiter(Clock clock, int perMinute) {
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Takes one upload from the client's allowance; none left → 429 saying when the next one is allowed. */
    void acquire(ClientKey key) {
        if (perMinute == 0) {
            return;
        }
        long now = clock.millis();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        long waitMs = buckets.computeIfAbsent(key, k -> new Bucket(now)).take(now);
        if (waitMs > 0) {
            throw new ApiException.TooManyRequests("Too many uploads for client " + key.clientId() + ": at most "
                    + perMinute + " a minute (PARLEY_UPLOAD_RATE)", Math.max(1, (waitMs + 999) / 1000));
        }
    }

    private final class Bucket {
        private double tokens = perMinute;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        /** 0 when an upload was taken, else how many milliseconds until one can be. */
        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            // less a hair, so that rounding in the refill never adds a second to Retry-After
            return (long) Math.ceil((1 - tokens) * MINUTE_MS / perMinute - 1e-6);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= perMinute;
        }

        private void refill(long now) {
            tokens = Math.min(perMinute, tokens + (now - updated) * perMinute / MINUTE_MS);
            updated = Math.max(updated, now);
        }
    }
}
