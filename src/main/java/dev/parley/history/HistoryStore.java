package dev.parley.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.json.Json;
import dev.parley.json.Times;
import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jdbi.v3.core.Handle;

/**
 * Reads history pages from the event log. A page reads at most {@code limit + offset} index entries and the count
 * of an unbounded history is kept on the client row, so a page costs the same for a client with a hundred messages
 * as for one with a hundred thousand. Thread-safe.
 */
public final class HistoryStore {

    private final Database db;

    public HistoryStore(Database db) {
        this.db = db;
    }

    /** {@code {"totalCount": n, "messages": [...]}}. */
    public ObjectNode page(HistoryQuery q) {
        return db.read(h -> {
            ObjectNode out = Json.object();
            out.put("totalCount", q.hasSpan() ? countSpan(h, q) : countAll(h, q));
            ArrayNode messages = out.putArray("messages");
            h.createQuery("SELECT ts, question_id, author, text, status, body FROM events"
                            + " WHERE channel_id = :channelId AND client_id = :clientId AND author IS NOT NULL"
                            + span(q) + " ORDER BY ts " + (q.newestFirst() ? "DESC" : "ASC")
                            + " LIMIT :limit OFFSET :offset")
                    .bind("channelId", q.client().channelId()).bind("clientId", q.client().clientId())
                    .bind("from", q.from().orElse(0)).bind("to", q.to().orElse(0))
                    .bind("limit", q.limit()).bind("offset", q.offset())
                    .map(HistoryStore::message).forEach(messages::add);
            return out;
        });
    }

    private static String span(HistoryQuery q) {
        return (q.from().isPresent() ? " AND ts >= :from" : "") + (q.to().isPresent() ? " AND ts <= :to" : "");
    }

    private static long countAll(Handle h, HistoryQuery q) {
        return h.createQuery("SELECT message_count FROM clients WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("channelId", q.client().channelId()).bind("clientId", q.client().clientId())
                .mapTo(Long.class).findOne().orElse(0L);
    }

    private static long countSpan(Handle h, HistoryQuery q) {
        return h.createQuery("SELECT COUNT(*) FROM events WHERE channel_id = :channelId AND client_id = :clientId"
                        + " AND author IS NOT NULL" + span(q))
                .bind("channelId", q.client().channelId()).bind("clientId", q.client().clientId())
                .bind("from", q.from().orElse(0)).bind("to", q.to().orElse(0))
                .mapTo(Long.class).one();
    }

    private static ObjectNode message(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        ObjectNode item = Json.object();
        String author = rs.getString("author");
        JsonNode body = Json.readTrusted(rs.getString("body"));
        item.put("questionId", rs.getString("question_id"));
        item.put("author", author);
        if (author.equals("CLIENT") && body.has("event")) {
            item.putObject("eventData").put("event", body.get("event").asText())
                    .set("data", body.path("data"));
        } else {
            item.put("textMessage", rs.getString("text") == null ? "" : rs.getString("text"));
        }
        JsonNode replies = body.path("data").path("replies");
        if (!author.equals("CLIENT") && replies.isArray()) {
            item.set("replies", replies);
        }
        String status = rs.getString("status");
        item.put("status", status == null ? "READ" : status);
        item.put("timestamp", Times.iso(rs.getLong("ts")));
        return item;
    }

}
