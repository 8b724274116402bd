package dev.parley.dialog;

import java.util.Objects;

/** Where a page of clients continues: after this (last activity, client id), in descending order. */
public record ClientPosition(long lastActivity, String clientId) {

    public ClientPosition {
        Objects.requireNonNull(clientId, "clientId");
    }

    /** The position right after {@code client}. */
    public static ClientPosition after(ClientSummary client) {
        return new ClientPosition(client.lastActivity(), client.clientId());
    }
}
