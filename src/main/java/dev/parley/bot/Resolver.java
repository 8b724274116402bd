package dev.parley.bot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chooses the state that handles a request (docs/scenarios.md). A text request tries, in order:
 * {@code /start}; the previous turn's buttons; its pending {@code input}; intent patterns in
 * scenario order; the phrase classifier; and last {@code /CatchAll}. An {@code input} whose
 * {@code pattern} the text does not match lets the text resolve normally, so "hello" still greets;
 * only when nothing else understands it does the asking state run again (re-asking), rather than
 * {@code /CatchAll}. Stateless.
 */
final class Resolver {

    /** The vendor's fallback sample reports about -0.011; a negative value marks "not understood". */
    static final double CATCH_ALL_CONFIDENCE = -0.011;
    private static final String START_COMMAND = "/start";

    record Resolution(String state, double confidence) {
        static Resolution exact(String state) {
            return new Resolution(state, 1.0);
        }

        static Resolution notUnderstood(String state) {
            return new Resolution(state, CATCH_ALL_CONFIDENCE);
        }
    }

    private Resolver() {
    }

    /** Resolves the request; a captured {@code input} is written into {@code variables}. */
    static Resolution resolve(Scenario scenario, BotSession session, BotRequest request, ObjectNode variables) {
        String value = request.value().strip();
        if (value.equalsIgnoreCase(START_COMMAND) && scenario.hasState(Scenario.START)) {
            return Resolution.exact(Scenario.START);
        }
        if (request.kind() == BotRequest.Kind.EVENT) {
            return scenario.findEventState(request.value()).map(Resolution::exact)
                    .orElse(Resolution.notUnderstood(Scenario.CATCH_ALL));
        }
        return query(scenario, session, value, variables);
    }

    private static Resolution query(Scenario scenario, BotSession session, String text, ObjectNode variables) {
        Optional<Resolution> button = clickedButton(scenario, session, text);
        if (button.isPresent()) {
            return button.get();
        }
        Optional<BotSession.PendingInput> input = session.findInput().filter(pending -> scenario.hasState(pending.target()));
        if (input.isPresent() && accepts(input.get(), text)) {
            VarPath.parse(input.get().variable()).set(variables, JsonNodeFactory.instance.textNode(text));
            return Resolution.exact(input.get().target());
        }
        Optional<Resolution> understood = byPattern(scenario, text).or(() -> byPhrase(scenario, text));
        if (understood.isPresent()) {
            return understood.get();
        }
        return input.filter(pending -> scenario.hasState(pending.askedIn()))
                .map(pending -> Resolution.notUnderstood(pending.askedIn()))
                .orElse(Resolution.notUnderstood(Scenario.CATCH_ALL));
    }

    private static Optional<Resolution> clickedButton(Scenario scenario, BotSession session, String text) {
        String clicked = IntentPattern.normalize(text, false);
        return session.buttons().stream()
                .filter(button -> IntentPattern.normalize(button.text(), false).equals(clicked))
                .filter(button -> scenario.hasState(button.target()))
                .findFirst()
                .map(button -> Resolution.exact(button.target()));
    }

    private static boolean accepts(BotSession.PendingInput input, String text) {
        if (text.isEmpty()) {
            return false;
        }
        try {
            return input.pattern().isEmpty() || IntentPattern.boundedMatches(Pattern.compile(input.pattern()), text);
        } catch (IllegalArgumentException e) {
            // Only a session edited outside the engine can hold a bad pattern or variable: ignore the input.
            return false;
        }
    }

    private static Optional<Resolution> byPattern(Scenario scenario, String text) {
        return scenario.routes().stream()
                .filter(route -> route.pattern().matches(text))
                .findFirst()
                .map(route -> Resolution.exact(route.state()));
    }

    private static Optional<Resolution> byPhrase(Scenario scenario, String text) {
        return scenario.classifier().classify(text)
                .filter(match -> match.score() >= scenario.settings().threshold())
                .map(match -> new Resolution(match.state(), match.score()));
    }
}
