package dev.parley.campaign;

import java.util.Objects;

/**
 * A campaign and its progress.
 *
 * @param text the message text, or empty for an event campaign
 * @param event the client event the scenario answers, or empty for a text campaign
 * @param data the JSON object handed to the scenario as request data
 * @param createdAt when it was started, epoch milliseconds
 * @param updatedAt its last change: a recipient handled, or its status
 */
public record Campaign(long id, long channelId, String status, String text, String event, String data,
        int ratePerSecond, long total, long sent, long failed, long createdAt, long updatedAt) {

    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String CANCELLED = "CANCELLED";

    public Campaign {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
