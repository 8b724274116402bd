package dev.parley.events;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Answers {@code /events}: a page of a client's events, waiting (long poll) when there is none yet. A waiting call
 * holds no database connection: it parks on {@link WakeUps} between reads. Thread-safe.
 */
public final class EventsService {

    private final EventStore store;
    private final WakeUps wakeUps;
    private final Clock clock;
    private final Duration retention;
    private final LongAdder waiting = new LongAdder();

    public EventsService(EventStore store, WakeUps wakeUps, Clock clock, Duration retention) {
        this.store = store;
        this.wakeUps = wakeUps;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Events newer than {@code ts}; without {@code ts}, those since the previous call of this client and connection.
     * Waits up to {@code wait} for the first one.
     */
    public EventPage poll(EventFilter filter, OptionalLong ts, Duration wait) throws InterruptedException {
        return poll(filter, ts, wait, () -> false);
    }

    private EventPage poll(EventFilter filter, OptionalLong ts, Duration wait, BooleanSupplier stop)
            throws InterruptedException {
        long cursor = cursor(filter, ts);
        long deadline = clock.millis() + wait.toMillis();
        waiting.increment();
        try {
            return pollUntil(filter, ts, cursor, deadline, stop);
        } finally {
            waiting.decrement();
        }
    }

    private EventPage pollUntil(EventFilter filter, OptionalLong ts, long cursor, long deadline, BooleanSupplier stop)
            throws InterruptedException {
        ClientKey key = filter.client();
        while (true) {
            WakeUps.Signal signal = wakeUps.watch(key);
            try {
                EventStore.Slice slice = read(filter, cursor);
                long remaining = deadline - clock.millis();
                if (!slice.page().items().isEmpty() || remaining <= 0 || stop.getAsBoolean()) {
                    answered(filter, ts, cursor, slice);
                    return slice.page();
                }
                signal.await(remaining);
            } finally {
                wakeUps.release(key, signal);
            }
        }
    }

    /**
     * The next events after {@code after} for a stream, waiting up to {@code wait}, or until {@code stop} holds once
     * the client's signal fired (something not stored, such as typing, is for the stream); empty when none came.
     */
    public EventPage next(EventFilter filter, long after, Duration wait, BooleanSupplier stop)
            throws InterruptedException {
        return poll(filter, OptionalLong.of(after), wait, stop);
    }

    /** Where a poll starts: after {@code ts}, or where this client's (and connection's) previous poll ended. */
    long cursor(EventFilter filter, OptionalLong ts) {
        return ts.isPresent() ? notInFuture(filter, ts.getAsLong()) : store.cursor(filter.client(), filter.cid());
    }

    /** One look in the log: the events after {@code cursor} that are still kept. */
    EventStore.Slice read(EventFilter filter, long cursor) {
        return store.read(filter, Math.max(cursor, oldestRetained()));
    }

    /** Records that a poll answered with {@code slice}: one without {@code ts} moves the client's cursor. */
    void answered(EventFilter filter, OptionalLong ts, long cursor, EventStore.Slice slice) {
        if (ts.isEmpty()) {
            advanceCursor(filter, cursor, slice);
        }
    }

    /** Counts a waiting call in or out of {@link #waiting()}. */
    void countWaiting(int delta) {
        waiting.add(delta);
    }

    /** Where a stream starts: the position it asked for (read as now when later), else now, for new events only. */
    public long start(WaitRequests.Stream asked) {
        return asked.from().isPresent() ? notInFuture(asked.filter(), asked.from().getAsLong()) : now(asked.filter());
    }

    /** Long polls and streams waiting on this node right now (a stream counts while it waits for events). */
    public long waiting() {
        return waiting.sum();
    }

    /**
     * A position a client asked for ({@code ts}, {@code Last-Event-ID}), read as "now" when it is later than the
     * server's clock: real clients parse our zone-less UTC timestamps as local time and ask hours ahead, and would
     * otherwise never get another event. "Now" is the client's clock, not the wall clock, so an event committed after
     * this call (in the same millisecond too) is newer than it. A position the client's clock has reached (events a
     * burst moved a few milliseconds ahead of the wall clock) is kept.
     */
    public long notInFuture(EventFilter filter, long ts) {
        return ts <= clock.millis() ? ts : Math.min(ts, now(filter));
    }

    /** The client's clock now: a stream that starts without a position starts here, with new events only. */
    public long now(EventFilter filter) {
        return store.read(filter, Long.MAX_VALUE - 1).clock();
    }

    /**
     * Moves the cursor past what was returned; when everything was returned, past what was skipped as well, so that
     * the next call never scans the same solicited events again.
     */
    private void advanceCursor(EventFilter filter, long cursor, EventStore.Slice slice) {
        EventPage page = slice.page();
        long next = page.hasMore() ? page.items().getLast().ts() : Math.max(slice.clock(), lastTs(page));
        if (next > cursor) {
            store.saveCursor(filter.client(), filter.cid(), next);
        }
    }

    private static long lastTs(EventPage page) {
        return page.items().isEmpty() ? -1 : page.items().getLast().ts();
    }

    private long oldestRetained() {
        return clock.millis() - retention.toMillis();
    }
}
