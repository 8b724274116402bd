package dev.parley.agent;

import java.util.Objects;

/**
 * A console account as the APIs show it: an agent, or an admin (who may also take conversations). The password hash
 * never leaves {@link AgentStore}.
 */
public record Account(long id, String login, String name, Role role, boolean active) {

    public Account {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** Whether this account may use the admin API now. */
    public boolean isActiveAdmin() {
        return role == Role.ADMIN && active;
    }
}
