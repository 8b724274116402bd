package dev.parley.bot;

import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The outcome of one bot turn.
 *
 * @param nlpClass the state resolution chose for the request ({@code /CatchAll} for the fallback)
 * @param confidence 1 for exact matches, the classifier's score for phrases, negative for the fallback
 * @param replies the replies to send, in order
 * @param session the session to store for the next turn
 * @param endSession the script ended the session ({@code end: true}); start afresh next time
 * @param timers {@code timeout} blocks that ran
 * @param handoffs {@code agent} blocks that transferred the client (at most one in practice)
 */
public record BotTurn(
        String nlpClass,
        double confidence,
        List<Reply> replies,
        BotSession session,
        boolean endSession,
        List<TimerRequest> timers,
        List<Handoff> handoffs) {

    public BotTurn {
        Objects.requireNonNull(nlpClass, "nlpClass");
        replies = List.copyOf(replies);
        Objects.requireNonNull(session, "session");
        timers = List.copyOf(timers);
        handoffs = List.copyOf(handoffs);
    }

    /**
     * The text of the text replies joined with a blank line, as the Chat API's {@code answer}. A loop, not a stream:
     * every turn asks for it.
     */
    public String answer() {
        StringJoiner answer = new StringJoiner("\n\n");
        for (Reply reply : replies) {
            reply.answerText().ifPresent(answer::add);
        }
        return answer.toString();
    }
}
