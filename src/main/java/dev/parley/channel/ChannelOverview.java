package dev.parley.channel;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A channel as the admin console lists it: with its clients, its last activity and what keeps it from connecting.
 *
 * @param problems what keeps the channel from serving its clients now, empty when it is connected
 * @param externalBot the URL of the external bot that answers the channel, empty when a scenario does
 */
public record ChannelOverview(Channel channel, ClientActivity activity, List<String> problems,
        Optional<URI> externalBot) {

    /** The status shown when something keeps the channel from connecting. */
    public static final String NOT_CONNECTED = "NOT_CONNECTED";

    public ChannelOverview {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(activity, "activity");
        problems = List.copyOf(problems);
        Objects.requireNonNull(externalBot, "externalBot");
    }

    /** {@code CONNECTED} when nothing is wrong, else {@link #NOT_CONNECTED}. */
    public String status() {
        return problems.isEmpty() ? channel.status() : NOT_CONNECTED;
    }
}
