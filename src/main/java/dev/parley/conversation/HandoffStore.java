package dev.parley.conversation;

import dev.parley.events.ClientKey;
import dev.parley.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code handoffs} table, on the caller's transaction or read handle. */
final class HandoffStore {

    private static final String COLUMNS = "id, channel_id, client_id, status, agent_id, first_message, close_phrases,"
            + " updated_at";

    private HandoffStore() {
    }

    /** Queues a hand-off and points the client row at it, so the client's next requests go to the agents. */
    static long queue(Handle h, ClientKey key, String firstMessage, List<String> closePhrases, long now) {
        long id = h.createUpdate("""
                        INSERT INTO handoffs (channel_id, client_id, status, agent_id, first_message, close_phrases,
                                              created_at, updated_at)
                        VALUES (:channelId, :clientId, 'QUEUED', NULL, :firstMessage, :closePhrases, :now, :now)""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .bind("firstMessage", firstMessage).bind("closePhrases", Json.write(closePhrases)).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        h.createUpdate("UPDATE clients SET handoff_id = :id WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("id", id).bind("channelId", key.channelId()).bind("clientId", key.clientId()).execute();
        return id;
    }

    static Optional<HandoffView> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM handoffs WHERE id = :id").bind("id", id)
                .map(HandoffStore::view).findOne();
    }

    /** The open hand-off the client is with, if any. */
    static Optional<HandoffView> findOpen(Handle h, ClientKey key) {
        return h.createQuery("SELECT " + COLUMNS + " " + """
                         FROM handoffs WHERE status <> 'CLOSED' AND id = (SELECT handoff_id FROM clients
                                WHERE channel_id = :channelId AND client_id = :clientId)""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .map(HandoffStore::view).findOne();
    }

    /** Hand-offs in a status, newest change last; {@code agentId} 0 for all agents'. */
    static List<HandoffView> list(Handle h, String status, long agentId, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM handoffs WHERE status = :status"
                        + (agentId == 0 ? "" : " AND agent_id = :agentId") + " ORDER BY updated_at, id LIMIT :limit")
                .bind("status", status).bind("agentId", agentId).bind("limit", limit)
                .map(HandoffStore::view).list();
    }

    /** How many hand-offs are in a status, all agents'. */
    static long count(Handle h, String status) {
        return h.createQuery("SELECT COUNT(*) FROM handoffs WHERE status = :status").bind("status", status)
                .mapTo(Long.class).one();
    }

    /** Gives a queued hand-off to an agent; false when it is no longer queued. */
    static boolean accept(Handle h, long id, long agentId, long now) {
        return h.createUpdate("""
                        UPDATE handoffs SET status = 'ASSIGNED', agent_id = :agentId, updated_at = :now
                        WHERE id = :id AND status = 'QUEUED'""")
                .bind("id", id).bind("agentId", agentId).bind("now", now).execute() == 1;
    }

    /** Closes an open hand-off and gives the client back to the bot; false when it was closed already. */
    static boolean close(Handle h, HandoffView handoff, long now) {
        boolean closed = h.createUpdate("""
                        UPDATE handoffs SET status = 'CLOSED', updated_at = :now WHERE id = :id AND status <> 'CLOSED'""")
                .bind("id", handoff.id()).bind("now", now).execute() == 1;
        h.createUpdate("""
                        UPDATE clients SET handoff_id = 0
                        WHERE channel_id = :channelId AND client_id = :clientId AND handoff_id = :id""")
                .bind("id", handoff.id()).bind("channelId", handoff.channelId()).bind("clientId", handoff.clientId())
                .execute();
        return closed;
    }

    private static HandoffView view(ResultSet rs, StatementContext ctx) throws SQLException {
        List<String> phrases = Json.readTrustedStrings(rs.getString("close_phrases"));
        return new HandoffView(rs.getLong("id"), rs.getLong("channel_id"), rs.getString("client_id"),
                rs.getString("status"), rs.getLong("agent_id"), rs.getString("first_message"), phrases,
                rs.getLong("updated_at"));
    }
}
