package dev.parley.channel;

import java.util.Objects;

/**
 * One deployed scenario of a channel, as kept in its history.
 *
 * @param createdBy who deployed it: {@code admin-token} for the admin token
 */
public record ScenarioVersion(long version, long createdAt, String createdBy) {

    public ScenarioVersion {
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** A version with the scenario text it deployed. */
    public record WithSource(ScenarioVersion version, String source) {
        public WithSource {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(source, "source");
        }
    }
}
