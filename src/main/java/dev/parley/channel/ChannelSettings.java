package dev.parley.channel;

import java.util.Objects;
import java.util.Optional;

/**
 * What an admin sets on a channel; on an update, absent fields keep their current value.
 *
 * @param scenarioSource YAML or JSON text of the scenario
 * @param identitySecret the secret client signatures are checked with; empty text turns verification off
 * @param historyRetention how long messages are kept, an ISO-8601 duration; empty text keeps them forever
 */
public record ChannelSettings(
        Optional<String> name,
        Optional<String> token,
        Optional<Boolean> blockForm,
        Optional<String> webhookUrl,
        Optional<String> webhookSecret,
        Optional<String> scenarioSource,
        Optional<String> identitySecret,
        Optional<String> historyRetention) {

    public ChannelSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(blockForm, "blockForm");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(scenarioSource, "scenarioSource");
        Objects.requireNonNull(identitySecret, "identitySecret");
        Objects.requireNonNull(historyRetention, "historyRetention");
    }

    /** Settings that leave the history retention as it is (forever, for a new channel). */
    public ChannelSettings(Optional<String> name, Optional<String> token, Optional<Boolean> blockForm,
            Optional<String> webhookUrl, Optional<String> webhookSecret, Optional<String> scenarioSource,
            Optional<String> identitySecret) {
        this(name, token, blockForm, webhookUrl, webhookSecret, scenarioSource, identitySecret, Optional.empty());
    }

    /** A change of the scenario alone. */
    public static ChannelSettings scenarioOnly(String source) {
        return new ChannelSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(source), Optional.empty());
    }
}
