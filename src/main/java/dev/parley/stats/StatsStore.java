package dev.parley.stats;

import dev.parley.store.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** The stored message counters and the recent buckets' active clients. Thread-safe. */
public final class StatsStore {

    /** Rows per statement when storing active clients: well under SQLite's limit of bound parameters. */
    private static final int SEEN_CHUNK = 200;
    /** The channel id under which the sums over all channels are kept; real channels start at 1. */
    static final long ALL_CHANNELS = 0;

    private static final String UPSERT = """
            INSERT INTO stats_buckets (channel_id, span, bucket, client_messages, bot_messages, agent_messages,
                                       active_clients)
            VALUES (:channelId, :span, :bucket, :client, :bot, :agent, :active)
            ON CONFLICT (channel_id, span, bucket) DO UPDATE
            SET client_messages = stats_buckets.client_messages + excluded.client_messages,
                bot_messages = stats_buckets.bot_messages + excluded.bot_messages,
                agent_messages = stats_buckets.agent_messages + excluded.agent_messages,
                active_clients = stats_buckets.active_clients + excluded.active_clients""";
    private static final String TOUCH_ACTIVE = """
            INSERT INTO stats_active (channel_id, client_id, last_hour) VALUES (:channelId, :clientId, :hour)
            ON CONFLICT (channel_id, client_id) DO UPDATE
            SET last_hour = CASE WHEN excluded.last_hour > stats_active.last_hour THEN excluded.last_hour
                                 ELSE stats_active.last_hour END""";

    private final Database db;

    public StatsStore(Database db) {
        this.db = db;
    }

    /**
     * Adds deltas to the counters in one transaction, and the same to the sums of all channels. A client counts as
     * newly active in a bucket only if its row there is new, so several nodes (or a flush tried again) never count
     * one client twice. Rows are written in key order, so that two nodes flushing at once wait for each other
     * instead of deadlocking.
     */
    void add(Deltas deltas) {
        List<Deltas.Seen> seen = new ArrayList<>(deltas.seen);
        seen.sort(Deltas.Seen.ORDER);
        db.write(h -> {
            Map<Deltas.Bucket, long[]> rows = new TreeMap<>(Deltas.Bucket.ORDER);
            deltas.messages.forEach((bucket, counts) -> {
                for (int i = 0; i < counts.length; i++) {
                    addTo(rows, bucket, i, counts[i]);
                }
            });
            List<Deltas.Seen> fresh = new ArrayList<>();
            for (int from = 0; from < seen.size(); from += SEEN_CHUNK) {
                fresh.addAll(insertSeen(h, seen.subList(from, Math.min(seen.size(), from + SEEN_CHUNK))));
            }
            fresh.forEach(s -> addTo(rows, s.bucket(), 3, 1));
            touchActive(h, fresh);
            var batch = h.prepareBatch(UPSERT);
            rows.forEach((bucket, counts) -> batch.bind("channelId", bucket.channelId())
                    .bind("span", bucket.span().wire()).bind("bucket", bucket.start()).bind("client", counts[0])
                    .bind("bot", counts[1]).bind("agent", counts[2]).bind("active", counts[3]).add());
            if (!rows.isEmpty()) {
                batch.execute();
            }
            return null;
        });
    }

    /** Adds {@code n} to counter {@code i} of the bucket and of the same bucket of all channels. */
    private static void addTo(Map<Deltas.Bucket, long[]> rows, Deltas.Bucket bucket, int i, long n) {
        rows.computeIfAbsent(bucket, b -> new long[4])[i] += n;
        Deltas.Bucket all = new Deltas.Bucket(ALL_CHANNELS, bucket.span(), bucket.start());
        rows.computeIfAbsent(all, b -> new long[4])[i] += n;
    }

    /** Moves the last active hour of the clients newly active in an hour bucket (sorted, as they were inserted). */
    private static void touchActive(Handle h, List<Deltas.Seen> fresh) {
        var batch = h.prepareBatch(TOUCH_ACTIVE);
        int rows = 0;
        for (Deltas.Seen s : fresh) {
            if (s.bucket().span() == Span.HOUR) {
                batch.bind("channelId", s.bucket().channelId()).bind("clientId", s.clientId())
                        .bind("hour", s.bucket().start()).add();
                rows++;
            }
        }
        if (rows > 0) {
            batch.execute();
        }
    }

    /** Stores the active clients not stored yet; returns those that were new. */
    private static List<Deltas.Seen> insertSeen(Handle h, List<Deltas.Seen> chunk) {
        StringBuilder sql = new StringBuilder("INSERT INTO stats_clients (channel_id, span, bucket, client_id) VALUES ");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
        }
        sql.append(" ON CONFLICT DO NOTHING RETURNING channel_id, span, bucket, client_id");
        var query = h.createQuery(sql.toString());
        int p = 0;
        for (Deltas.Seen s : chunk) {
            query.bind(p++, s.bucket().channelId()).bind(p++, s.bucket().span().wire())
                    .bind(p++, s.bucket().start()).bind(p++, s.clientId());
        }
        List<Deltas.Seen> added = query.map((rs, ctx) -> new Deltas.Seen(new Deltas.Bucket(rs.getLong(1),
                Span.fromWire(rs.getString(2)).orElseThrow(), rs.getLong(3)), rs.getString(4))).list();
        added.sort(Deltas.Seen.ORDER); // RETURNING promises no order
        return added;
    }

    /** Forgets which clients were active in buckets that started before {@code before}. */
    void forgetSeenBefore(long before) {
        db.write(h -> {
            h.createUpdate("DELETE FROM stats_clients WHERE bucket < :before").bind("before", before).execute();
            return h.createUpdate("DELETE FROM stats_active WHERE last_hour < :before").bind("before", before)
                    .execute();
        });
    }

    /**
     * The counters of the buckets starting in {@code [from, to)} that have any, by bucket start: of one channel, or
     * the sums over all channels (deleted ones included: their messages were counted when they were written; a
     * client belongs to one channel, so active clients add up).
     */
    public Map<Long, Counts> series(OptionalLong channelId, Span span, long from, long to) {
        return db.read(h -> {
            Map<Long, Counts> found = new HashMap<>();
            h.createQuery("""
                            SELECT bucket, client_messages, bot_messages, agent_messages, active_clients
                            FROM stats_buckets
                            WHERE channel_id = :channelId AND span = :span AND bucket >= :from AND bucket < :to""")
                    .bind("span", span.wire()).bind("from", from).bind("to", to)
                    .bind("channelId", channelId.orElse(ALL_CHANNELS))
                    .map((rs, ctx) -> found.put(rs.getLong(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5))))
                    .list();
            return found;
        });
    }

    /** Clients active in the hours starting at or after {@code from} (at most two days ago). */
    public long activeClientsSince(OptionalLong channelId, long from) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM stats_active WHERE last_hour >= :from"
                        + (channelId.isPresent() ? " AND channel_id = :channelId" : ""))
                .bind("from", from).bind("channelId", channelId.orElse(ALL_CHANNELS)).mapTo(Long.class).one());
    }

    /** One channel's rows, or those of the channels that exist. */
    private static String channelFilter(OptionalLong channelId) {
        return channelId.isPresent() ? "channel_id = :channelId" : "channel_id IN (SELECT id FROM channels)";
    }

    /** Conversations queued for an agent, and when the oldest was queued (0 when none). */
    public Waiting waiting(OptionalLong channelId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM handoffs"
                        + " WHERE status = 'QUEUED' AND " + channelFilter(channelId))
                .bind("channelId", channelId.orElse(0))
                .map((rs, ctx) -> new Waiting(rs.getLong(1), rs.getLong(2))).one());
    }

    /** Webhook calls waiting to be made, given up on, and the error of the latest call that failed. */
    public Webhooks webhooks(OptionalLong channelId) {
        return db.read(h -> {
            Map<String, Long> states = new HashMap<>();
            h.createQuery("SELECT state, COUNT(*) FROM deliveries WHERE " + channelFilter(channelId)
                            + " GROUP BY state")
                    .bind("channelId", channelId.orElse(0))
                    .map((rs, ctx) -> states.put(rs.getString(1), rs.getLong(2))).list();
            Optional<LastError> last = h.createQuery("SELECT last_error, COALESCE(failed_at, next_at) FROM deliveries"
                            + " WHERE last_error IS NOT NULL AND " + channelFilter(channelId) + " ORDER BY id DESC LIMIT 1")
                    .bind("channelId", channelId.orElse(0))
                    .map((rs, ctx) -> new LastError(rs.getString(1), rs.getLong(2))).findOne();
            return new Webhooks(states.getOrDefault("PENDING", 0L), states.getOrDefault("DEAD", 0L), last);
        });
    }

    /** @param oldestSince when the longest-waiting conversation was queued (epoch ms), 0 when none waits */
    public record Waiting(long conversations, long oldestSince) {
    }

    /** @param at when it failed: when the call was given up, or else when it is tried next */
    public record LastError(String message, long at) {
    }

    public record Webhooks(long pending, long dead, Optional<LastError> lastError) {
    }
}
