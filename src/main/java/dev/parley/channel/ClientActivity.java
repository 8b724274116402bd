package dev.parley.channel;

import java.util.OptionalLong;

/**
 * How many clients (test clients left out) a channel has, and when the last of them was active.
 *
 * @param lastActivityAt epoch millis, empty when the channel has no client yet
 */
public record ClientActivity(long clients, OptionalLong lastActivityAt) {

    public static final ClientActivity NONE = new ClientActivity(0, OptionalLong.empty());
}
