package dev.parley.http;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Lets one log line of each kind through per interval and counts the others, so that a failure met by every request
 * (a database outage) writes a line every few seconds instead of thousands a second. Thread-safe.
 */
final class LogThrottle {

    /**
     * Since when the kind's last line was written and how many were held back since; {@code permit} is what the call
     * that left the window so answers.
     */
    private record Window(long since, long suppressed, OptionalLong permit) {
    }

    private final Clock clock;
    private final long intervalMillis;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    LogThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /**
     * When a line of this kind may be written now: how many were held back since the last one; empty when this one is
     * held back too.
     */
    OptionalLong permit(String kind) {
        long now = clock.millis();
        return windows.compute(kind, (k, w) -> w == null || now - w.since() >= intervalMillis
                ? new Window(now, 0, OptionalLong.of(w == null ? 0 : w.suppressed()))
                : new Window(w.since(), w.suppressed() + 1, OptionalLong.empty())).permit();
    }
}
