package dev.parley.events;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The one write path of the event log: every feature appends through here, inside the transaction that also moves
 * the client's clock ({@link ClientClock}), so the log and the client row never disagree.
 */
public final class EventLog {

    private static final String INSERT = """
            INSERT INTO events (channel_id, client_id, ts, type, question_id, cid, unsolicited, author, text, status,
                                pending, body)
            VALUES (:channelId, :clientId, :ts, :type, :questionId, :cid, :unsolicited, :author, :text, :status,
                    :pending, :body)""";

    private EventLog() {
    }

    /** Appends events in one batch on the caller's transaction. */
    public static void append(Handle h, List<NewEvent> events) {
        PreparedBatch batch = h.prepareBatch(INSERT);
        for (NewEvent e : events) {
            bind(batch, e).add();
        }
        batch.execute();
    }

    /** Appends one event and returns its row id. */
    public static long appendOne(Handle h, NewEvent e) {
        return bind(h.createUpdate(INSERT), e).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, NewEvent e) {
        return statement.bind("channelId", e.client().channelId()).bind("clientId", e.client().clientId())
                .bind("ts", e.ts()).bind("type", e.type().wire())
                .bind("questionId", emptyToNull(e.questionId())).bind("cid", emptyToNull(e.cid()))
                .bind("unsolicited", e.unsolicited() ? 1 : 0).bind("author", emptyToNull(e.author()))
                .bind("text", emptyToNull(e.text())).bind("status", emptyToNull(e.status()))
                .bind("pending", e.pending() ? 1 : 0).bind("body", e.body());
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
