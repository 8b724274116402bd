package dev.parley.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether the database has lately been refusing writes for want of disk or connection: {@link #FAILURES} such
 * failures within {@link #WINDOW} make the node report itself down, so that a load balancer takes it out, until a
 * whole window passes without one. Successful writes do not end it sooner: the background workers' polls succeed on a
 * full disk too, as they change nothing. A node that gets no traffic any more is thus put back after the window, and
 * taken out again by its next failing writes if the database has not recovered. Thread-safe; a successful write costs
 * nothing here.
 */
final class WriteFailures {

    static final int FAILURES = 3;
    static final Duration WINDOW = Duration.ofSeconds(10);

    private final Clock clock;
    /** When the latest {@link #FAILURES} failures happened, in epoch millis, as a ring. */
    private final AtomicLongArray latest = new AtomicLongArray(FAILURES);
    private final AtomicInteger next = new AtomicInteger();
    private final LongAdder total = new LongAdder();

    WriteFailures(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < FAILURES; i++) {
            latest.set(i, Long.MIN_VALUE);
        }
    }

    void record() {
        latest.set(Math.floorMod(next.getAndIncrement(), FAILURES), clock.millis());
        total.increment();
    }

    /** Writes refused by an unavailable database since the start. */
    long total() {
        return total.sum();
    }

    /** Why writes count as failing now, or empty. */
    Optional<String> problem() {
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < FAILURES; i++) {
            oldest = Math.min(oldest, latest.get(i));
            newest = Math.max(newest, latest.get(i));
        }
        long now = clock.millis();
        if (oldest <= now - WINDOW.toMillis()) {
            return Optional.empty();
        }
        return Optional.of("writes are failing: " + FAILURES + " or more in the last " + WINDOW.toSeconds()
                + " s, the latest " + (now - newest) / 1000 + " s ago");
    }
}
