package dev.parley.events;

import java.util.Objects;

/**
 * A notice ({@link EventTx#note}) that the transaction's client is a test client of the scenario studio: what the
 * studio's tries write is no traffic, so counters leave it out.
 */
public record TestClient(ClientKey client) {

    public TestClient {
        Objects.requireNonNull(client, "client");
    }
}
