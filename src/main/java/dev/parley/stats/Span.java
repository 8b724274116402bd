package dev.parley.stats;

import java.util.Locale;
import java.util.Optional;

/** The length of a counter's bucket. Buckets start at whole UTC hours and days (epoch milliseconds). */
public enum Span {
    HOUR(3_600_000L, 24),
    DAY(86_400_000L, 30);

    private final long millis;
    private final int defaultBuckets;

    Span(long millis, int defaultBuckets) {
        this.millis = millis;
        this.defaultBuckets = defaultBuckets;
    }

    /** The bucket's name in the API and in the {@code span} column. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public long millis() {
        return millis;
    }

    /** How many buckets a series has when no range is asked for: the last day of hours, the last 30 days. */
    public int defaultBuckets() {
        return defaultBuckets;
    }

    /** The start of the bucket holding {@code epochMillis}. */
    public long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    public static Optional<Span> fromWire(String wire) {
        for (Span span : values()) {
            if (span.wire().equals(wire)) {
                return Optional.of(span);
            }
        }
        return Optional.empty();
    }
}
