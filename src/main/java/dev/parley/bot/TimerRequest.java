package dev.parley.bot;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@code timeout} block asks the conversation layer to run {@code targetState} after {@code after}
 * unless the client writes first (cancelling is the caller's job: the engine keeps no clock).
 * Fire it with {@link BotEngine#fire(Scenario, BotSession, TimerRequest)}.
 */
public record TimerRequest(Duration after, String targetState) {

    public TimerRequest {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(targetState, "targetState");
    }
}
