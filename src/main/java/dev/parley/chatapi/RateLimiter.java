package dev.parley.chatapi;

import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client: {@code rate} requests a second on average, bursts of twice that. Buckets of quiet clients
 * are dropped, so memory follows the number of active clients. Thread-safe.
 */
final class RateLimiter {

    private static final int SWEEP_ABOVE = 50_000;

    private final Map<ClientKey, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int rate;

    /** @param rate requests per second per client; 0 turns limiting off */
    RateLimiter(Clock clock, int rate) {
        this.clock = clock;
        this.rate = rate;
    }

    void acquire(ClientKey key) {
        if (rate == 0) {
            return;
        }
        long now = clock.millis();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(2.0 * rate, now));
        if (!bucket.take(now)) {
            throw new ApiException.TooManyRequests("Too many requests for client " + key.clientId() + ": at most "
                    + rate + " a second", 1);
        }
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= 2.0 * rate;
        }

        private void refill(long now) {
            tokens = Math.min(2.0 * rate, tokens + (now - updated) * rate / 1000.0);
            updated = Math.max(updated, now);
        }
    }
}
