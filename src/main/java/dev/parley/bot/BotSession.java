package dev.parley.bot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine remembers about one client between turns. It is plain data so the conversation
 * layer can store it as JSON text with a plain {@code ObjectMapper} and hand it back next turn.
 * The engine never mutates a session it is given; treat {@link #variables()} as read-only too.
 *
 * @param variables the script's variables ({@code set}, {@code input}, {@code http} saves)
 * @param state the last state the previous turn ran, {@code ""} before the first turn
 * @param buttons the previous turn's buttons that lead somewhere; a click (their text) follows them
 * @param input the previous turn's pending {@code input}, or {@code null} when none is pending
 */
public record BotSession(ObjectNode variables, String state, List<PendingButton> buttons, PendingInput input) {

    public BotSession {
        variables = variables == null ? JsonNodeFactory.instance.objectNode() : variables;
        state = state == null ? "" : state;
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }

    public static BotSession empty() {
        return new BotSession(null, "", List.of(), null);
    }

    public Optional<PendingInput> findInput() {
        return Optional.ofNullable(input);
    }

    /** A button shown last turn whose click goes to {@code target}. */
    public record PendingButton(String text, String target) {
        public PendingButton {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * An {@code input} block waiting for the next text request.
     *
     * @param variable where the captured text goes (a dotted path)
     * @param pattern a regular expression the text must fully match, {@code ""} for any text
     * @param target the state that continues once the text is captured
     * @param askedIn the state that asked, run again when the answer does not fit
     */
    public record PendingInput(String variable, String pattern, String target, String askedIn) {
        public PendingInput {
            Objects.requireNonNull(variable, "variable");
            pattern = pattern == null ? "" : pattern;
            Objects.requireNonNull(target, "target");
            askedIn = askedIn == null ? "" : askedIn;
        }
    }
}
