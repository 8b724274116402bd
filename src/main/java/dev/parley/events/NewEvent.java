package dev.parley.events;

import java.util.Objects;

/**
 * An event about to be appended to a client's log.
 *
 * @param questionId empty for state events
 * @param cid empty when the event belongs to no connection
 * @param unsolicited true for messages to the client that did not come back in a synchronous response
 * @param author {@code CLIENT}, {@code BOT}, {@code OPERATOR}, {@code SYSTEM}, or empty when not a history message
 * @param text the history's {@code textMessage}
 * @param status the delivery status of a message to the client, or empty
 * @param body the JSON of the item's {@code event} object
 */
public record NewEvent(
        ClientKey client,
        long ts,
        EventType type,
        String questionId,
        String cid,
        boolean unsolicited,
        String author,
        String text,
        String status,
        boolean pending,
        String body) {

    public NewEvent {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(body, "body");
    }
}
