package dev.parley.dialog;

import java.util.List;
import java.util.Objects;

/**
 * One client for the operator: its summary, the state the chat application saved (JSON text, {@code {}} and version
 * 0 when none) and its hand-offs, newest first.
 */
public record ClientDetail(ClientSummary summary, String state, long stateVersion, List<HandoffSummary> handoffs) {

    public ClientDetail {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(state, "state");
        handoffs = List.copyOf(handoffs);
    }
}
