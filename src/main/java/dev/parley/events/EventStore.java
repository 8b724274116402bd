package dev.parley.events;

import dev.parley.store.Database;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Reads a client's event log and keeps its read cursors. Thread-safe. */
public final class EventStore {

    /** The most events one {@code /events} answer carries. */
    public static final int PAGE = 250;

    private final Database db;

    public EventStore(Database db) {
        this.db = db;
    }

    /** A page of events newer than {@code after}, and the client's clock at the moment of reading. */
    public record Slice(EventPage page, long clock) {
    }

    public Slice read(EventFilter filter, long after) {
        return db.read(h -> {
            long clock = clock(h, filter.client());
            List<EventItem> items = h.createQuery("SELECT ts, type, body FROM events"
                            + " WHERE channel_id = :channelId AND client_id = :clientId AND ts > :after AND ts <= :clock"
                            + (filter.all() ? "" : " AND unsolicited = 1")
                            + (filter.cid().isEmpty() ? "" : " AND (cid = :cid OR cid IS NULL)")
                            + " ORDER BY ts LIMIT " + (PAGE + 1))
                    .bind("channelId", filter.client().channelId()).bind("clientId", filter.client().clientId())
                    .bind("after", after).bind("clock", clock).bind("cid", filter.cid())
                    .map((rs, ctx) -> new EventItem(rs.getLong(1), rs.getString(2), rs.getString(3)))
                    .list();
            boolean more = items.size() > PAGE;
            return new Slice(new EventPage(more ? items.subList(0, PAGE) : items, more), clock);
        });
    }

    private static long clock(Handle h, ClientKey key) {
        return h.createQuery("SELECT last_ts FROM clients WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .mapTo(Long.class).findOne().orElse(0L);
    }

    /** Where the previous cursor-based read of this client and connection stopped, or -1 before the first. */
    public long cursor(ClientKey key, String cid) {
        return db.read(h -> h.createQuery("""
                        SELECT last_ts FROM read_cursors
                        WHERE channel_id = :channelId AND client_id = :clientId AND cid = :cid""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("cid", cid)
                .mapTo(Long.class).findOne().orElse(-1L));
    }

    public void saveCursor(ClientKey key, String cid, long ts) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO read_cursors (channel_id, client_id, cid, last_ts)
                        VALUES (:channelId, :clientId, :cid, :ts)
                        ON CONFLICT (channel_id, client_id, cid) DO UPDATE SET last_ts = excluded.last_ts""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("cid", cid)
                .bind("ts", ts).execute());
    }
}
