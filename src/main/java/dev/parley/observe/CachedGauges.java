package dev.parley.observe;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Gauges read from the database in the background, so that a scrape never waits for it: {@link #refresh()} reads
 * every source, and the gauges show the values of the last refresh that got them. While the database does not
 * answer they keep their last values, {@link #up()} is 0 and {@link #ageSeconds()} grows. Thread-safe.
 */
public final class CachedGauges {

    /** One source and what it read last; NaN until it first answers. */
    private static final class Slot {
        private final LongSupplier source;
        private volatile double value = Double.NaN;

        Slot(LongSupplier source) {
            this.source = source;
        }
    }

    private static final System.Logger LOG = System.getLogger(CachedGauges.class.getName());
    /**
     * How often the gauges are refreshed unasked: rarely enough that an idle node's database hardly notices (four
     * statements a refresh). A scrape of values older than {@link #FRESH_MILLIS} starts a refresh too, so scraped
     * gauges are as fresh as before.
     */
    private static final long REFRESH_SECONDS = 15;
    private static final long FRESH_MILLIS = 5_000;

    private final Clock clock;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private volatile boolean up;
    private volatile long refreshedMillis;
    private volatile long attemptedMillis;
    private volatile Runnable onRead = () -> { };

    public CachedGauges(Clock clock) {
        this.clock = clock;
        this.refreshedMillis = clock.millis();
    }

    /** Adds a source; the gauge this returns shows what the last refresh read from it. */
    public DoubleSupplier add(LongSupplier source) {
        Slot slot = new Slot(source);
        slots.add(slot);
        return () -> {
            onRead.run();
            return slot.value;
        };
    }

    /**
     * Has a read of the gauges start a refresh on {@code executor} when the last one began over {@code staleMillis}
     * ago, one at a time: the read still shows the values it has and never waits. So the gauges stay that fresh while
     * something scrapes them, and need no frequent refresh on a node nobody watches.
     */
    /** Refreshes now, then every {@link #REFRESH_SECONDS} and when a read finds the values stale, on {@code executor}. */
    public void start(ScheduledExecutorService executor) {
        refresh();
        executor.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        refreshWhenRead(executor, FRESH_MILLIS);
    }

    public void refreshWhenRead(Executor executor, long staleMillis) {
        AtomicBoolean running = new AtomicBoolean();
        onRead = () -> {
            if (clock.millis() - attemptedMillis >= staleMillis && running.compareAndSet(false, true)) {
                executor.execute(() -> {
                    try {
                        refresh();
                    } finally {
                        running.set(false);
                    }
                });
            }
        };
    }

    /** Reads every source once; the first that fails ends this refresh, as the rest would fail the same way. */
    public void refresh() {
        attemptedMillis = clock.millis();
        try {
            for (Slot slot : slots) {
                slot.value = slot.source.getAsLong();
            }
            refreshedMillis = clock.millis();
            up = true;
        } catch (RuntimeException e) {
            if (up) {
                LOG.log(System.Logger.Level.WARNING, "Database gauges not refreshed: " + e);
            }
            up = false;
        }
    }

    /** 1 when the last refresh read every source, else 0. */
    public double up() {
        return up ? 1 : 0;
    }

    /** Seconds since the gauges were last read in full (since start, before the first time). */
    public double ageSeconds() {
        return (clock.millis() - refreshedMillis) / 1000.0;
    }
}
