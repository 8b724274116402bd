package dev.parley.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.json.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of the event log as exported: a client's request or a reply to it (the events with an author).
 *
 * @param status empty for the client's own messages, which have none
 * @param body the event's stored JSON, where the reply blocks and the client's event data are
 */
public record MessageRow(String clientId, long ts, String author, String questionId, String status, String text,
        String body) {

    public MessageRow {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(body, "body");
    }

    /**
     * What the message carries besides its text, as history items show it: the reply blocks (buttons, attachments,
     * cards…) of a bot's or an agent's reply, or {@code {event, data}} of an event the client sent; empty for plain
     * text.
     */
    public Optional<JsonNode> data() {
        boolean client = author.equals("CLIENT");
        // the body is Parley's own compact JSON: without the key's text it has no such field, and most messages are
        // plain text, so most rows of a large export skip the parse
        if (!body.contains(client ? "\"event\"" : "\"replies\"")) {
            return Optional.empty();
        }
        JsonNode parsed = Json.readTrusted(body);
        if (client) {
            if (!parsed.has("event")) {
                return Optional.empty();
            }
            ObjectNode event = Json.object().put("event", parsed.get("event").asText());
            event.set("data", parsed.path("data"));
            return Optional.of(event);
        }
        JsonNode replies = parsed.path("data").path("replies");
        return replies.isArray() ? Optional.of(replies) : Optional.empty();
    }
}
