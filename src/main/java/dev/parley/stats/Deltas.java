package dev.parley.stats;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts gathered in memory between two flushes: messages per bucket, and the clients seen active per bucket. Not
 * thread-safe: {@link StatsCounter} guards it.
 */
final class Deltas {

    /** One bucket of one channel. */
    record Bucket(long channelId, Span span, long start) {

        static final Comparator<Bucket> ORDER = Comparator.comparingLong(Bucket::channelId)
                .thenComparing(Bucket::span).thenComparingLong(Bucket::start);
    }

    /** A client active in a bucket. */
    record Seen(Bucket bucket, String clientId) {

        static final Comparator<Seen> ORDER = Comparator.comparing(Seen::bucket, Bucket.ORDER)
                .thenComparing(Seen::clientId);
    }

    /** Which message counter: the index into a bucket's {@code long[3]}. */
    static final int CLIENT = 0;
    static final int BOT = 1;
    static final int AGENT = 2;

    final Map<Bucket, long[]> messages = new HashMap<>();
    final Set<Seen> seen = new HashSet<>();

    /** The bucket's message counts, indexed by {@link #CLIENT}, {@link #BOT} and {@link #AGENT}, to add to. */
    long[] counts(Bucket bucket) {
        return messages.computeIfAbsent(bucket, b -> new long[3]);
    }

    boolean isEmpty() {
        return messages.isEmpty() && seen.isEmpty();
    }

    /** Adds {@code other}'s counts to these (a flush that failed gives its counts back). */
    void merge(Deltas other) {
        other.messages.forEach((bucket, counts) -> {
            long[] mine = messages.computeIfAbsent(bucket, b -> new long[3]);
            for (int i = 0; i < mine.length; i++) {
                mine[i] += counts[i];
            }
        });
        seen.addAll(other.seen);
    }
}
