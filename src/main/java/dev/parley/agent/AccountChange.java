package dev.parley.agent;

import java.util.Objects;
import java.util.Optional;

/** A validated partial update of an account; an empty field stays as it is. */
record AccountChange(Optional<String> name, Optional<String> passwordHash, Optional<Role> role,
        Optional<Boolean> active) {

    AccountChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(active, "active");
    }

    Account applyTo(Account account) {
        return new Account(account.id(), account.login(), name.orElse(account.name()), role.orElse(account.role()),
                active.orElse(account.active()));
    }
}
