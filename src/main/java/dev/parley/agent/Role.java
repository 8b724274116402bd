package dev.parley.agent;

import java.util.Locale;
import java.util.Optional;

/** What a console account may do: an agent takes conversations; an admin also uses the admin API. */
public enum Role {
    ADMIN,
    AGENT;

    /** The name on the wire and in the database: {@code admin} or {@code agent}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named exactly {@code admin} or {@code agent}. */
    public static Optional<Role> parse(String wire) {
        for (Role role : values()) {
            if (role.wire().equals(wire)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
