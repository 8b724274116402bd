package dev.parley.observe;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, for a Prometheus histogram. Recording is two adder increments, cheap enough
 * for every turn. Thread-safe.
 */
public final class Histogram {

    /** Upper bounds in seconds: from a millisecond (a turn on a quiet server) to the 30 s sync deadline. */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public Histogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Counts one duration. */
    public void record(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    /** Counts the time since {@code startNanos} ({@link System#nanoTime}). */
    public void since(long startNanos) {
        record(System.nanoTime() - startNanos);
    }

    /** How many durations were recorded. */
    public long count() {
        return snapshot().count();
    }

    /**
     * The duration in seconds under which {@code q} (0 to 1) of the recorded ones fell, interpolated linearly inside
     * its bucket as Prometheus' {@code histogram_quantile} does; 0 when nothing was recorded. Past the last bound it
     * is that bound.
     */
    public double quantile(double q) {
        Snapshot s = snapshot();
        long total = s.count();
        if (total == 0) {
            return 0;
        }
        double rank = q * total;
        for (int i = 0; i < BOUNDS.length; i++) {
            if (s.cumulative()[i] >= rank) {
                long below = i == 0 ? 0 : s.cumulative()[i - 1];
                double lower = i == 0 ? 0 : BOUNDS[i - 1];
                long inBucket = s.cumulative()[i] - below;
                return inBucket == 0 ? lower : lower + (BOUNDS[i] - lower) * (rank - below) / inBucket;
            }
        }
        return BOUNDS[BOUNDS.length - 1];
    }

    /** A consistent-enough copy: cumulative counts per bound, then the total, and the sum in seconds. */
    Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(cumulative, sumNanos.sum() / 1e9);
    }

    /** @param cumulative the count at or under each bound of {@link #BOUNDS}, then the total count */
    record Snapshot(long[] cumulative, double sumSeconds) {

        long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
