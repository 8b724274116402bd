package dev.parley.agent;

import java.util.Objects;

/** An agent account as the APIs show it; the password hash never leaves {@link AgentStore}. */
public record Agent(long id, String login, String name) {

    public Agent {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(name, "name");
    }
}
