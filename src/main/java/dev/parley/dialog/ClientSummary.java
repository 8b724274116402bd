package dev.parley.dialog;

import java.util.Objects;
import java.util.Optional;

/**
 * One client of a channel as the Dialogs list shows it.
 *
 * @param lastMessage the client's newest message (from any author), empty when it has none
 */
public record ClientSummary(String clientId, long lastActivity, long messageCount, long unread, boolean withAgent,
        Optional<Message> lastMessage) {

    /** A message: who said it ({@code CLIENT}, {@code BOT}, {@code OPERATOR}, {@code SYSTEM}), its text, when. */
    public record Message(String author, String text, long ts) {

        public Message {
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(text, "text");
        }
    }

    public ClientSummary {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(lastMessage, "lastMessage");
    }
}
