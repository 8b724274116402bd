package dev.parley.conversation;

import java.util.List;
import java.util.Objects;

/**
 * A client handed to the agents: {@code QUEUED}, then {@code ASSIGNED} to one agent, then {@code CLOSED}.
 *
 * @param agentId 0 while nobody has accepted it
 */
public record HandoffView(long id, long channelId, String clientId, String status, long agentId, String firstMessage,
        List<String> closePhrases, long updatedAt) {

    public static final String QUEUED = "QUEUED";
    public static final String ASSIGNED = "ASSIGNED";
    public static final String CLOSED = "CLOSED";

    public HandoffView {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(firstMessage, "firstMessage");
        closePhrases = List.copyOf(closePhrases);
    }

    public boolean isOpen() {
        return !status.equals(CLOSED);
    }

    /** Whether a client's text closes the hand-off: one of its close phrases, ignoring case and outer spaces. */
    boolean closedBy(String text) {
        return closePhrases.stream().anyMatch(phrase -> phrase.trim().equalsIgnoreCase(text.trim()));
    }
}
