package dev.parley.channel;

import java.util.Objects;

/**
 * A Chat API channel: a token that clients use, the bot behind it and where its pushes go.
 *
 * @param webhookUrl empty when the channel has no webhook
 * @param webhookSecret empty when webhook calls are not signed
 * @param scenarioSource the scenario as uploaded (YAML or JSON text)
 */
public record Channel(
        long id,
        String name,
        String token,
        boolean blockForm,
        String webhookUrl,
        String webhookSecret,
        String scenarioSource,
        long scenarioVersion,
        String status,
        long createdAt,
        long updatedAt) {

    public static final String CONNECTED = "CONNECTED";

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(scenarioSource, "scenarioSource");
        Objects.requireNonNull(status, "status");
    }

    /** How log lines name the channel: by id and name, never by its token. */
    public String label() {
        return "channel " + id + " (" + name + ")";
    }
}
