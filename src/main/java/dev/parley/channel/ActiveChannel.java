package dev.parley.channel;

import dev.parley.bot.Scenario;
import java.util.Objects;

/** A channel with its compiled scenario, ready to serve turns. */
public record ActiveChannel(Channel channel, Scenario scenario) {

    public ActiveChannel {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(scenario, "scenario");
    }

    public long id() {
        return channel.id();
    }

    public boolean hasWebhook() {
        return !channel.webhookUrl().isEmpty();
    }
}
