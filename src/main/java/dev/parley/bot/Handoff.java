package dev.parley.bot;

import java.util.List;
import java.util.Objects;

/**
 * An {@code agent} block transferred the client to a human agent.
 *
 * @param message the text shown to the client and used as the conversation's first message
 * @param closePhrases client phrases that close the agent conversation
 * @param noAgentsState the state to run if no agent takes the conversation after all
 */
public record Handoff(String message, List<String> closePhrases, String noAgentsState) {

    public Handoff {
        Objects.requireNonNull(message, "message");
        closePhrases = List.copyOf(closePhrases);
        Objects.requireNonNull(noAgentsState, "noAgentsState");
    }
}
