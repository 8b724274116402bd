package dev.parley.delivery;

import dev.parley.events.ClientKey;
import dev.parley.events.EventTx;
import dev.parley.json.Json;
import dev.parley.store.Prepared;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Adds webhook deliveries on the caller's transaction, next to the events they carry: a delivery exists exactly
 * when its events were committed, so nothing acknowledged can be lost between the two. The messages of test clients
 * (the scenario studio's) are never delivered: the one statement that queues a call checks the client's row.
 */
public final class Outbox {

    private static final String INSERT = """
            INSERT INTO deliveries (delivery_id, channel_id, client_id, question_ids, body, state, attempts, next_at,
                                    lease_until, created_at)
            SELECT ?, ?, ?, ?, ?, 'PENDING', 0, ?, 0, ?
            WHERE NOT EXISTS (SELECT 1 FROM clients WHERE channel_id = ? AND client_id = ? AND test = 1)""";

    private Outbox() {
    }

    /**
     * Queues one webhook call whose body is the JSON array of {@code envelopes}, unless the client is a test client;
     * the transaction's commit then nudges the delivery worker.
     */
    public static void enqueue(EventTx tx, ClientKey client, List<String> questionIds, List<String> envelopes,
            long now) {
        tx.queuedDeliveries();
        try (Prepared.Use insert = Prepared.statement(tx.handle(), INSERT)) {
            PreparedStatement ps = insert.statement();
            ps.setString(1, UUID.randomUUID().toString());
            ps.setLong(2, client.channelId());
            ps.setString(3, client.clientId());
            ps.setString(4, Json.write(questionIds));
            ps.setString(5, "[" + String.join(",", envelopes) + "]");
            ps.setLong(6, now);
            ps.setLong(7, now);
            ps.setLong(8, client.channelId());
            ps.setString(9, client.clientId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }
}
