package dev.parley.bot;

import java.util.Objects;

/**
 * One thing wrong with a scenario, pointing as precisely as the compiler could at where it is.
 *
 * @param state the state path the problem is in, or {@code ""} when it is not inside a state
 * @param block the 0-based index of the block in the state's list, or {@code -1} when unknown
 * @param line the 1-based source line, or {@code 0} when unknown
 * @param message what is wrong, written for the scenario's author
 */
public record ScenarioProblem(String state, int block, int line, String message) {

    public ScenarioProblem {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    /** A one-line rendering for logs and exception messages: {@code line 12, /Order block 2: …}. */
    public String describe() {
        StringBuilder where = new StringBuilder();
        if (line > 0) {
            where.append("line ").append(line);
        }
        if (!state.isEmpty()) {
            where.append(where.isEmpty() ? "" : ", ").append(state);
            if (block >= 0) {
                where.append(" block ").append(block);
            }
        }
        return where.isEmpty() ? message : where + ": " + message;
    }
}
