package dev.parley.dialog;

import java.util.Objects;

/**
 * One hand-off of a client to the agents.
 *
 * @param agentId the agent who took it, 0 while queued
 * @param agentName that agent's name, empty while queued (or once the account is gone)
 */
public record HandoffSummary(long id, String status, long agentId, String agentName, String firstMessage,
        long createdAt, long updatedAt) {

    public HandoffSummary {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(firstMessage, "firstMessage");
    }
}
