package dev.parley.stats;

import dev.parley.http.ApiException;
import dev.parley.observe.Histogram;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The console's figures: message series with a continuous time axis, and the overview. Reads store what this node
 * counted up to the moment of the request first, so a chart shows the message just sent. Thread-safe.
 */
public final class StatsService {

    /** The most buckets one series may have: 41 days of hours, or 2.7 years of days. */
    public static final int MAX_BUCKETS = 1000;

    /** One bucket of a series: its start (epoch ms) and its counters. */
    public record Point(long start, Counts counts) {
    }

    /** The sync turns of this node since it started: how many, and their median and 99th percentile in ms. */
    public record SyncTurns(long count, double p50Millis, double p99Millis) {
    }

    /** The overview's figures; {@code activeClients} over the last 24 hours. */
    public record Overview(long activeClients, StatsStore.Waiting waiting, StatsStore.Webhooks webhooks,
            SyncTurns syncTurns) {
    }

    private final StatsStore store;
    private final StatsCounter counter;
    private final Histogram syncSeconds;
    private final Clock clock;

    public StatsService(StatsStore store, StatsCounter counter, Histogram syncSeconds, Clock clock) {
        this.store = store;
        this.counter = counter;
        this.syncSeconds = syncSeconds;
        this.clock = clock;
    }

    /**
     * The buckets starting in {@code [floor(from), to)}, every one of them, zeros where nothing happened.
     *
     * @param from epoch ms, or empty for {@code span.defaultBuckets()} buckets before {@code to}
     * @param to epoch ms, exclusive, or empty for the end of the current bucket
     */
    public List<Point> series(OptionalLong channelId, Span span, OptionalLong from, OptionalLong to) {
        long end = to.orElse(span.floor(clock.millis()) + span.millis());
        long start = span.floor(from.orElse(end - span.defaultBuckets() * span.millis()));
        if (start >= end) {
            throw ApiException.BadRequest.admin("from must be before to");
        }
        long buckets = (end - start + span.millis() - 1) / span.millis();
        if (buckets > MAX_BUCKETS) {
            throw ApiException.BadRequest.admin("from and to span " + buckets
                    + " " + span.wire() + " buckets; at most " + MAX_BUCKETS + " may be asked for at once");
        }
        counter.flush();
        Map<Long, Counts> stored = store.series(channelId, span, start, end);
        List<Point> points = new ArrayList<>((int) buckets);
        for (long t = start; t < end; t += span.millis()) {
            points.add(new Point(t, stored.getOrDefault(t, Counts.ZERO)));
        }
        return points;
    }

    public Overview overview(OptionalLong channelId) {
        counter.flush();
        long dayAgo = Span.HOUR.floor(clock.millis()) - (Span.HOUR.defaultBuckets() - 1) * Span.HOUR.millis();
        return new Overview(store.activeClientsSince(channelId, dayAgo), store.waiting(channelId),
                store.webhooks(channelId), new SyncTurns(syncSeconds.count(), syncSeconds.quantile(0.5) * 1000,
                        syncSeconds.quantile(0.99) * 1000));
    }
}
