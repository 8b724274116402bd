package dev.parley.bot;

import java.util.List;
import java.util.Optional;

/**
 * One step of a scenario's {@code tests}: a request, optionally in a fresh session or with agents
 * forced online/offline, and the checks its turn must pass. Immutable.
 *
 * @param agentsOnline "" to use the engine's own answer, else "online" or "offline"
 */
record TestStep(int number, int line, boolean fresh, String agentsOnline, BotRequest request, List<Check> checks) {

    TestStep {
        checks = List.copyOf(checks);
    }

    /** One expectation about a turn; answers what went wrong, if anything. */
    sealed interface Check {
        Optional<String> failure(BotTurn turn);
    }

    record StateIs(String state) implements Check {
        @Override
        public Optional<String> failure(BotTurn turn) {
            return turn.nlpClass().equals(state) ? Optional.empty()
                    : Optional.of("expected state " + state + " but got " + turn.nlpClass());
        }
    }

    record AnswerIs(String answer) implements Check {
        @Override
        public Optional<String> failure(BotTurn turn) {
            return turn.answer().equals(answer) ? Optional.empty()
                    : Optional.of("expected answer \"" + answer + "\" but got \"" + turn.answer() + "\"");
        }
    }

    record ReplyCount(int replies) implements Check {
        @Override
        public Optional<String> failure(BotTurn turn) {
            return turn.replies().size() == replies ? Optional.empty()
                    : Optional.of("expected " + replies + " replies but got " + turn.replies().size());
        }
    }
}
