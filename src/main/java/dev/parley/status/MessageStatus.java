package dev.parley.status;

import dev.parley.http.ApiException;
import java.util.Locale;

/**
 * Delivery statuses of messages to the client. They only move forward: a message that was read is never again
 * merely delivered.
 */
public enum MessageStatus {
    SENT(0),
    NOT_SENT(1),
    NOT_DELIVERED(1),
    DELIVERED(2),
    READ(3);

    private final int rank;

    MessageStatus(int rank) {
        this.rank = rank;
    }

    /** The status after a client reports {@code next}: it, when it is a step forward, else the current one. */
    public MessageStatus advance(MessageStatus next) {
        return next.rank > rank ? next : this;
    }

    /** A status a client may report; {@code NOT_SENT} is the server's own verdict on a webhook that gave up. */
    public static MessageStatus fromClient(String raw, String field) {
        MessageStatus status;
        try {
            status = valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("Invalid request payload: " + field
                    + " must be one of SENT, DELIVERED, READ, NOT_DELIVERED, got '" + raw + "'");
        }
        if (status == NOT_SENT) {
            throw new ApiException.BadRequest("Invalid request payload: " + field
                    + " NOT_SENT is set by the server only");
        }
        return status;
    }
}
