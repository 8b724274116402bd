package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * One client request handed to the bot: a text query or a named client event, with the request's
 * {@code data} object (an empty object when the client sent none). The engine only reads {@code data}; an
 * external bot also gets who asked ({@code clientId}, {@code questionId}; empty when not known, as in tests), and
 * {@code channel} names the channel in the log's warnings ({@code ""} when not known).
 */
public record BotRequest(Kind kind, String value, JsonNode data, String clientId, String questionId, String channel) {

    public enum Kind { QUERY, EVENT }

    public BotRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        data = data == null || data.isNull() || data.isMissingNode() ? JsonNodeFactory.instance.objectNode() : data;
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(channel, "channel");
    }

    /** The same request, from this client and with this question id. */
    public BotRequest from(String client, String question) {
        return new BotRequest(kind, value, data, client, question, channel);
    }

    /** The same request, made in the channel named {@code name}. */
    public BotRequest in(String name) {
        return new BotRequest(kind, value, data, clientId, questionId, name);
    }

    public static BotRequest query(String text, JsonNode data) {
        return new BotRequest(Kind.QUERY, text, data, "", "", "");
    }

    public static BotRequest query(String text) {
        return query(text, null);
    }

    public static BotRequest event(String name, JsonNode data) {
        return new BotRequest(Kind.EVENT, name, data, "", "", "");
    }

    public static BotRequest event(String name) {
        return event(name, null);
    }
}
