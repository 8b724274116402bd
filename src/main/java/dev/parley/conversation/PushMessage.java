package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A message the server sends a client unasked: a fixed text, or a client event that the scenario answers.
 *
 * @param value the text, or the event name
 */
public record PushMessage(boolean isText, String value, ObjectNode data) {

    /** The state a fixed-text push reports as its {@code nlpClass} and reply state. */
    public static final String STATE = "/Campaign";

    public PushMessage {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(data, "data");
    }

    public static PushMessage text(String text, ObjectNode data) {
        return new PushMessage(true, text, data);
    }

    public static PushMessage event(String name, ObjectNode data) {
        return new PushMessage(false, name, data);
    }
}
