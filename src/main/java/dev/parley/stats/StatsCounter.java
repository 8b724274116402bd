package dev.parley.stats;

import dev.parley.events.CommitListener;
import dev.parley.events.Committed;
import dev.parley.events.NewEvent;
import dev.parley.events.TestClient;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the message counters up: told of every commit of the event log, it adds the messages to deltas in memory,
 * and {@link #flush} (about every second, and at close) adds them to the stored counters in one transaction. So no
 * turn's transaction touches a counter row (on PostgreSQL one hot row would serialize every turn on its lock), and a
 * {@code kill -9} loses at most the counts of the last second, never a message. A flush that fails keeps its deltas
 * for the next one. The scenario studio's tries (a {@link TestClient} notice) are no traffic and are not counted.
 * Thread-safe.
 */
public final class StatsCounter implements CommitListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatsCounter.class.getName());
    /** Clients known to be stored as active in their current buckets, remembered to spare the flush their insert. */
    private static final int MAX_KNOWN = 200_000;
    /** How long the active clients of a bucket are kept after it ends: the overview counts those of the last day. */
    private static final long KEEP_SEEN_MILLIS = 2 * Span.DAY.millis();
    private static final Span[] SPANS = Span.values();

    private final StatsStore store;
    private final Clock clock;
    private final Object lock = new Object();
    /** One flush at a time: the scheduled one, one before a read, the last one at close. */
    private final Object flushing = new Object();
    /** Guarded by {@link #lock}. */
    private Deltas pending = new Deltas();
    /** Guarded by {@link #lock}. */
    private final Set<Deltas.Seen> known = new HashSet<>();
    /** Guarded by {@link #flushing}. */
    private long prunedHour;
    /** Guarded by {@link #flushing}. */
    private long failedFlushes;

    public StatsCounter(StatsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void committed(Committed committed) {
        if (committed.events().isEmpty()) {
            return;
        }
        List<TestClient> tests = committed.notes().isEmpty() ? List.of() : committed.notes(TestClient.class);
        synchronized (lock) {
            for (Span span : SPANS) {
                count(committed.events(), tests, span);
            }
        }
    }

    /** The counter a message of this author adds to, or -1 for what the history does not show as a message. */
    static int counter(String author) {
        return switch (author) {
            case "CLIENT" -> Deltas.CLIENT;
            case "BOT" -> Deltas.BOT;
            case "OPERATOR" -> Deltas.AGENT;
            default -> -1;
        };
    }

    /**
     * Counts the messages in their buckets of one span. A commit is mostly one turn: one client's messages within a
     * millisecond or two, so a run of messages of one client in one bucket looks up its counts and its active client
     * once, not per message.
     */
    private void count(List<NewEvent> events, List<TestClient> tests, Span span) {
        Deltas.Bucket bucket = null;
        long[] counts = null;
        String active = null;
        for (NewEvent e : events) {
            int counter = counter(e.author());
            if (counter < 0 || (!tests.isEmpty() && tests.contains(new TestClient(e.client())))) {
                continue;
            }
            long start = span.floor(e.ts());
            if (bucket == null || bucket.channelId() != e.client().channelId() || bucket.start() != start) {
                bucket = new Deltas.Bucket(e.client().channelId(), span, start);
                counts = pending.counts(bucket);
                active = null;
            }
            counts[counter]++;
            if (!e.client().clientId().equals(active)) {
                active = e.client().clientId();
                Deltas.Seen seen = new Deltas.Seen(bucket, active);
                if (!known.contains(seen)) {
                    pending.seen.add(seen);
                }
            }
        }
    }

    /** Adds the deltas gathered since the last flush to the stored counters; on failure they wait for the next. */
    public void flush() {
        synchronized (flushing) {
            flushPending();
        }
    }

    private void flushPending() {
        Deltas batch;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new Deltas();
        }
        try {
            store.add(batch);
        } catch (RuntimeException e) {
            synchronized (lock) {
                pending.merge(batch);
            }
            if (failedFlushes++ % 60 == 0) { // once a minute while the database is away
                LOG.log(System.Logger.Level.WARNING, "Could not store the message counters; they are kept in memory"
                        + " and stored with the next flush: " + e);
            }
            return;
        }
        remember(batch);
        pruneHourly();
    }

    private void remember(Deltas batch) {
        synchronized (lock) {
            if (known.size() + batch.seen.size() > MAX_KNOWN) {
                known.clear(); // the stored rows still count each client once; this only spares inserts
            }
            known.addAll(batch.seen);
        }
    }

    private void pruneHourly() {
        long hour = Span.HOUR.floor(clock.millis());
        if (hour != prunedHour) {
            prunedHour = hour;
            try {
                store.forgetSeenBefore(hour - KEEP_SEEN_MILLIS);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not forget the active clients of old buckets: " + e);
            }
            synchronized (lock) {
                known.removeIf(seen -> seen.bucket().start() < hour - Span.DAY.millis());
            }
        }
    }

    /** Stores what is left: the counts of turns that finished while the node stopped. */
    @Override
    public void close() {
        flush();
    }
}
