package dev.parley.events;

import java.util.Objects;

/**
 * Which of a client's events a reader wants.
 *
 * @param cid empty for every connection; otherwise that connection's events and those of none
 * @param all false for unsolicited messages to the client only
 */
public record EventFilter(ClientKey client, String cid, boolean all) {

    public EventFilter {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(cid, "cid");
    }
}
