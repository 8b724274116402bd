package dev.parley.delivery;

import dev.parley.events.ClientKey;
import dev.parley.json.Json;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Adds webhook deliveries on the caller's transaction, next to the events they carry: a delivery exists exactly
 * when its events were committed, so nothing acknowledged can be lost between the two.
 */
public final class Outbox {

    private Outbox() {
    }

    /** Queues one webhook call whose body is the JSON array of {@code envelopes}. */
    public static void enqueue(Handle h, ClientKey client, List<String> questionIds, List<String> envelopes,
            long now) {
        h.createUpdate("""
                        INSERT INTO deliveries (delivery_id, channel_id, client_id, question_ids, body, state, attempts,
                                                next_at, lease_until, created_at)
                        VALUES (:deliveryId, :channelId, :clientId, :questionIds, :body, 'PENDING', 0, :now, 0, :now)""")
                .bind("deliveryId", UUID.randomUUID().toString()).bind("channelId", client.channelId())
                .bind("clientId", client.clientId()).bind("questionIds", Json.write(questionIds))
                .bind("body", "[" + String.join(",", envelopes) + "]").bind("now", now)
                .execute();
    }
}
