package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ActiveChannel;
import dev.parley.events.ClientKey;
import java.util.Objects;

/**
 * One client request to the bot, as validated by the routes.
 *
 * @param kind {@code query} or {@code event}
 * @param text the query text or the event name
 * @param cid the connection id, or empty
 * @param idempotencyKey the caller's key for safe repeats, or empty
 */
public record TurnRequest(ActiveChannel channel, ClientKey client, String questionId, String kind, String text,
        ObjectNode data, String cid, String idempotencyKey) {

    public static final String QUERY = "query";
    public static final String EVENT = "event";

    public TurnRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public boolean isQuery() {
        return kind.equals(QUERY);
    }
}
