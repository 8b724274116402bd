package dev.parley.retention;

import dev.parley.events.ClientKey;
import dev.parley.events.EventLog;
import dev.parley.store.Database;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The reads and writes of the retention worker. Old events are found on a read connection; a batch of them is then
 * deleted by id in one short write transaction, which locks each client row first (as turns do) and keeps the
 * client's message and unread counts in step with what it deleted. Thread-safe.
 */
public final class RetentionStore {

    /** A channel that keeps its messages for a while only. */
    public record ChannelRetention(long channelId, String retention) {
    }

    private final Database db;

    public RetentionStore(Database db) {
        this.db = db;
    }

    public List<ChannelRetention> channels() {
        return db.read(h -> h.createQuery("""
                        SELECT id, history_retention FROM channels
                        WHERE history_retention IS NOT NULL AND history_retention <> '' ORDER BY id""")
                .map((rs, ctx) -> new ChannelRetention(rs.getLong(1), rs.getString(2))).list());
    }

    /** The channel's client ids after {@code after}, in order: the primary key's order. */
    public List<String> clients(long channelId, String after, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT client_id FROM clients WHERE channel_id = :channelId AND client_id > :after
                        ORDER BY client_id LIMIT :limit""")
                .bind("channelId", channelId).bind("after", after).bind("limit", limit)
                .mapTo(String.class).list());
    }

    /**
     * The ids of the client's oldest events from before {@code before}, at most {@code limit}. Requests still waiting
     * for their turn are never taken: what was acknowledged is answered first.
     */
    public List<Long> oldEvents(ClientKey key, long before, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id FROM events
                        WHERE channel_id = :channelId AND client_id = :clientId AND ts < :before AND pending = 0
                        ORDER BY ts LIMIT :limit""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("before", before)
                .bind("limit", limit).mapTo(Long.class).list());
    }

    /**
     * Deletes the given events of each client, clients in key order, in one transaction; returns how many it deleted
     * (fewer when some were gone already: another node's worker, or an erasure).
     */
    public long delete(Map<ClientKey, List<Long>> batch) {
        return db.write(h -> {
            long deleted = 0;
            for (Map.Entry<ClientKey, List<Long>> client : batch.entrySet()) {
                deleted += delete(h, client.getKey(), client.getValue());
            }
            return deleted;
        });
    }

    private long delete(Handle h, ClientKey key, List<Long> ids) {
        boolean present = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM clients"
                        + " WHERE channel_id = :channelId AND client_id = :clientId" + db.forUpdate() + ") c")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).mapTo(Long.class).one() > 0;
        if (!present) {
            return 0;
        }
        List<Deleted> rows = h.createQuery("""
                        DELETE FROM events
                        WHERE id IN (<ids>) AND channel_id = :channelId AND client_id = :clientId AND pending = 0
                        RETURNING author, status""")
                .bindList("ids", ids).bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .map((rs, ctx) -> new Deleted(rs.getString(1) != null, EventLog.isUnread(rs.getString(2))))
                .list();
        long messages = rows.stream().filter(Deleted::message).count();
        long unread = rows.stream().filter(Deleted::unread).count();
        if (messages > 0 || unread > 0) {
            h.createUpdate("""
                            UPDATE clients SET message_count = message_count - :messages, unread = unread - :unread
                            WHERE channel_id = :channelId AND client_id = :clientId""")
                    .bind("messages", messages).bind("unread", unread)
                    .bind("channelId", key.channelId()).bind("clientId", key.clientId()).execute();
        }
        return rows.size();
    }

    private record Deleted(boolean message, boolean unread) {
    }
}
