package dev.parley.dialog;

import java.util.Objects;

/** A message that matched a search; {@code id} is its event's id, the order of hits and their cursor. */
public record SearchHit(long id, String clientId, String questionId, String author, String text, long ts) {

    public SearchHit {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
    }
}
