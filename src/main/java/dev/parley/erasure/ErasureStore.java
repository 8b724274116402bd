package dev.parley.erasure;

import dev.parley.conversation.HandoffView;
import dev.parley.events.ClientKey;
import dev.parley.store.Database;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Deletes everything of one client in one write transaction. It locks the client row first, as every turn does
 * (its clock moves first), so a turn of the client that commits at the same moment either commits before and is
 * erased with the rest, or finds the row gone and starts over as a new client: an async turn whose request was
 * erased then finds its request no longer pending and rolls back. Thread-safe.
 */
public final class ErasureStore {

    /** The client's rows, table by table; {@code files} holds uploads, bytes included. */
    private static final String WHERE_CLIENT = " WHERE channel_id = :channelId AND client_id = :clientId";

    private final Database db;

    public ErasureStore(Database db) {
        this.db = db;
    }

    /** What was removed, and the hand-offs that were open (for the agents' streams, after the commit). */
    public record Erasure(Removed removed, List<HandoffView> openHandoffs) {

        public Erasure {
            openHandoffs = List.copyOf(openHandoffs);
        }
    }

    public Erasure erase(ClientKey key) {
        return db.write(h -> {
            long clientRow = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM clients" + WHERE_CLIENT
                            + db.forUpdate() + ") c")
                    .bind("channelId", key.channelId()).bind("clientId", key.clientId()).mapTo(Long.class).one();
            List<HandoffView> open = openHandoffs(h, key);
            // The full-text search index of messages is kept by the database itself on the events table (triggers
            // or an expression index), so deleting the events removes the client's text from it as well.
            Removed removed = new Removed(clientRow, delete(h, "events", key), delete(h, "client_states", key),
                    delete(h, "read_cursors", key), delete(h, "idempotency", key), delete(h, "deliveries", key),
                    delete(h, "timers", key), delete(h, "handoffs", key), delete(h, "files", key),
                    forgetRecipient(h, key));
            delete(h, "clients", key);
            // the statistics' marks of which client was active when go too; the counts stay, they name nobody
            delete(h, "stats_clients", key);
            delete(h, "stats_active", key);
            return new Erasure(removed, open);
        });
    }

    private static long delete(Handle h, String table, ClientKey key) {
        return h.createUpdate("DELETE FROM " + table + WHERE_CLIENT)
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).execute();
    }

    private static List<HandoffView> openHandoffs(Handle h, ClientKey key) {
        return h.createQuery("SELECT id, agent_id, first_message, updated_at FROM handoffs" + WHERE_CLIENT
                        + " AND status <> 'CLOSED'")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .map((rs, ctx) -> new HandoffView(rs.getLong(1), key.channelId(), key.clientId(),
                        HandoffView.CLOSED, rs.getLong(2), rs.getString(3), List.of(), rs.getLong(4)))
                .list();
    }

    /**
     * Clears the client id from the channel's campaign recipient lists. A recipient still to be sent fails (counted
     * on its campaign), so the campaign neither writes to the erased client nor waits for it; the campaign's sender
     * moves a recipient only from {@code PENDING}, so one it is sending right now cannot be sent twice.
     */
    private static long forgetRecipient(Handle h, ClientKey key) {
        String ofClient = " campaign_id IN (SELECT id FROM campaigns WHERE channel_id = :channelId)"
                + " AND client_id = :clientId";
        h.createUpdate("""
                        UPDATE campaigns SET failed = failed + (SELECT COUNT(*) FROM campaign_recipients r
                            WHERE r.campaign_id = campaigns.id AND r.client_id = :clientId AND r.state = 'PENDING')
                        WHERE channel_id = :channelId""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).execute();
        return h.createUpdate("""
                        UPDATE campaign_recipients
                        SET client_id = '', error = CASE WHEN state = 'PENDING' THEN 'the client was erased'
                                                         ELSE error END,
                            state = CASE WHEN state = 'PENDING' THEN 'FAILED' ELSE state END
                        WHERE""" + ofClient)
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).execute();
    }
}
