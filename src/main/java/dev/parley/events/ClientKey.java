package dev.parley.events;

import java.util.Objects;

/** One client of one channel: the unit of ordering, sessions and event logs. */
public record ClientKey(long channelId, String clientId) {

    public ClientKey {
        Objects.requireNonNull(clientId, "clientId");
    }
}
