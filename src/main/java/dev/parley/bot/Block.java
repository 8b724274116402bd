package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One compiled block of a state. Every block remembers its source line, and lists the states it can
 * lead to ({@link #targets()}) so validation can check them and find unreachable states. Blocks
 * are immutable; JSON literals inside them are never mutated (the engine copies them).
 */
sealed interface Block {

    int line();

    /** The states this block can continue at, each with the field that names it. */
    default List<Target> targets() {
        return List.of();
    }

    record Target(String field, String state) {
    }

    record Intent(List<IntentPattern> patterns, List<String> phrases, int line) implements Block {
        public Intent {
            patterns = List.copyOf(patterns);
            phrases = List.copyOf(phrases);
        }
    }

    record Event(String name, int line) implements Block {
    }

    /** {@code markup} is null when not given; {@code tts} is null when not given. */
    record Text(Template text, String markup, Template tts, int line) implements Block {
    }

    /** {@code inline}: an {@code inlineButtons} block, shown in the message rather than as a keyboard. */
    record Buttons(List<ButtonSpec> buttons, boolean inline, int line) implements Block {
        public Buttons {
            buttons = List.copyOf(buttons);
        }

        @Override
        public List<Target> targets() {
            return buttons.stream().flatMap(b -> b.target().stream()).map(t -> new Target("button goto", t)).toList();
        }
    }

    /** {@code goTo} is "" for a button that leads nowhere; {@code url} is null unless it opens a link. */
    record ButtonSpec(Template text, String goTo, Template url) {
        Optional<String> target() {
            return goTo.isEmpty() ? Optional.empty() : Optional.of(goTo);
        }
    }

    enum MediaKind { IMAGE, AUDIO, FILE }

    /** {@code name} is the caption (image) or file name (audio, file), null when absent; so is {@code mimeType}. */
    record Media(MediaKind kind, Template url, Template name, String mimeType, int line) implements Block {
    }

    /** {@code text} is null when not given. */
    record Carousel(Template text, List<CardSpec> cards, int line) implements Block {
        public Carousel {
            cards = List.copyOf(cards);
        }
    }

    /** Every field but {@code title} is null when not given. */
    record CardSpec(Template title, Template description, Template image, Template url, Template btnText) {
    }

    record Location(double lat, double lon, int line) implements Block {
    }

    /**
     * A {@code raw} block ({@code body} is the reply's body) or a {@code reply} block ({@code body} is the whole
     * reply, with its {@code type}); in both, string values are templates. Never mutated.
     */
    record Verbatim(ObjectNode body, boolean raw, int line) implements Block {
    }

    record Set(List<Assignment> assignments, int line) implements Block {
        public Set {
            assignments = List.copyOf(assignments);
        }
    }

    /** A literal value, or (for text) a template whose lone placeholder keeps the variable's JSON type. */
    record Assignment(VarPath variable, JsonNode literal, Template template) {
    }

    /** {@code pattern} is null when any text is accepted. */
    record Input(VarPath variable, Pattern pattern, String goTo, int line) implements Block {
        @Override
        public List<Target> targets() {
            return List.of(new Target("input goto", goTo));
        }
    }

    /** {@code elseGoTo} is "" when a false condition just continues with the next block. */
    record If(String source, Expression when, String goTo, String elseGoTo, int line) implements Block {
        @Override
        public List<Target> targets() {
            return elseGoTo.isEmpty() ? List.of(new Target("if goto", goTo))
                    : List.of(new Target("if goto", goTo), new Target("if else", elseGoTo));
        }
    }

    record GoTo(String goTo, int line) implements Block {
        @Override
        public List<Target> targets() {
            return List.of(new Target("goto", goTo));
        }
    }

    /**
     * {@code body} is a template (text body), a JSON literal whose strings are templates, or neither.
     * {@code ok}/{@code fail} are "" to continue with the next block instead of leaving the state.
     */
    record Http(String method, Template url, Map<String, Template> headers, Template textBody, JsonNode jsonBody,
            Map<String, JsonPath> save, String ok, String fail, Duration timeout, int line) implements Block {
        public Http {
            headers = Map.copyOf(headers);
            save = Map.copyOf(save);
        }

        @Override
        public List<Target> targets() {
            return Stream.of(new Target("http ok", ok), new Target("http fail", fail))
                    .filter(target -> !target.state().isEmpty()).toList();
        }
    }

    record Timeout(Duration after, String goTo, int line) implements Block {
        @Override
        public List<Target> targets() {
            return List.of(new Target("timeout goto", goTo));
        }
    }

    record Agent(Template message, List<String> closePhrases, String noAgents, int line) implements Block {
        public Agent {
            closePhrases = List.copyOf(closePhrases);
        }

        @Override
        public List<Target> targets() {
            return List.of(new Target("agent noAgents", noAgents));
        }
    }

    /** {@code end: false} is allowed and does nothing. */
    record End(boolean closes, int line) implements Block {
    }

    /** Stands in for a block that failed validation, so block indexes still match the source. */
    record Invalid(int line) implements Block {
    }
}
