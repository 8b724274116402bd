package dev.parley.channel;

import java.util.Objects;

/**
 * A Chat API channel: a token that clients use, the bot behind it and where its pushes go.
 *
 * @param webhookUrl empty when the channel has no webhook
 * @param webhookSecret empty when webhook calls are not signed
 * @param scenarioSource the scenario as uploaded (YAML or JSON text)
 * @param identitySecret empty when clients need not prove who they are; otherwise every client-API call must carry
 *     the HMAC-SHA256 of its client id under this secret
 * @param historyRetention how long messages are kept, as an ISO-8601 duration such as {@code P30D}
 *     ({@link HistoryRetention}); empty to keep them forever
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
        long updatedAt,
        String identitySecret,
        String historyRetention) {

    public static final String CONNECTED = "CONNECTED";

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(scenarioSource, "scenarioSource");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(identitySecret, "identitySecret");
        Objects.requireNonNull(historyRetention, "historyRetention");
    }

    /** A channel that keeps its messages forever. */
    public Channel(long id, String name, String token, boolean blockForm, String webhookUrl, String webhookSecret,
            String scenarioSource, long scenarioVersion, String status, long createdAt, long updatedAt,
            String identitySecret) {
        this(id, name, token, blockForm, webhookUrl, webhookSecret, scenarioSource, scenarioVersion, status,
                createdAt, updatedAt, identitySecret, "");
    }

    /** The same channel with another identity secret (empty: none). */
    public Channel withIdentitySecret(String secret) {
        return new Channel(id, name, token, blockForm, webhookUrl, webhookSecret, scenarioSource, scenarioVersion,
                status, createdAt, updatedAt, secret, historyRetention);
    }

    /** How log lines name the channel: by id and name, never by its token. */
    public String label() {
        return "channel " + id + " (" + name + ")";
    }
}
