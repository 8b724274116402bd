package dev.parley.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the scenario's top level — {@code name}, {@code settings}, {@code states}, {@code tests} —
 * reporting every problem it meets. Stateless.
 */
final class ScenarioReader {

    static final int MAX_STATES = 1000;
    static final int MAX_BLOCKS = 500;
    private static final Set<String> TOP_LEVEL = Set.of("name", "description", "settings", "states", "tests");

    private ScenarioReader() {
    }

    /** The scenario read from the tree, or empty when there is not even a {@code states} mapping to work with. */
    static Optional<ParsedScenario> read(YNode root, ProblemList problems) {
        Fields fields = new Fields(problems, "", -1);
        Optional<YNode.Mapping> top = fields.mapping(root, "the scenario");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        fields.onlyKnownKeys(top.get(), "the scenario", TOP_LEVEL);
        String name = top.get().find("name").flatMap(n -> fields.string(n, "name")).orElse("");
        Settings settings = top.get().find("settings").map(n -> settings(n, fields)).orElse(Settings.defaults());
        Optional<YNode.Mapping> states = top.get().find("states").flatMap(n -> fields.mapping(n, "states"));
        if (top.get().find("states").isEmpty()) {
            fields.problem(top.get().line(), "the scenario needs 'states'");
        }
        if (states.isEmpty()) {
            return Optional.empty();
        }
        List<TestStep> tests = top.get().find("tests").map(n -> TestReader.read(n, fields)).orElse(List.of());
        return Optional.of(new ParsedScenario(name, settings, states(states.get(), problems), tests));
    }

    private static Settings settings(YNode node, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(node, "settings");
        if (mapping.isEmpty()) {
            return Settings.defaults();
        }
        fields.onlyKnownKeys(mapping.get(), "settings", Set.of("threshold", "language"));
        double threshold = mapping.get().find("threshold").flatMap(n -> threshold(n, fields)).orElse(Settings.DEFAULT_THRESHOLD);
        String language = mapping.get().find("language").flatMap(n -> fields.string(n, "language"))
                .filter(code -> knownLanguage(code, mapping.get(), fields))
                .orElse(TextAnalyzer.DEFAULT_LANGUAGE);
        return new Settings(threshold, language);
    }

    private static Optional<Double> threshold(YNode node, Fields fields) {
        if (node instanceof YNode.Scalar scalar && (scalar.type() == YNode.ScalarType.DECIMAL
                || scalar.type() == YNode.ScalarType.INTEGER)) {
            double value = Double.parseDouble(scalar.value());
            if (value > 0 && value <= 1) {
                return Optional.of(value);
            }
        }
        fields.problem(node.line(), "threshold must be a number above 0 and at most 1");
        return Optional.empty();
    }

    private static boolean knownLanguage(String code, YNode.Mapping settings, Fields fields) {
        if (TextAnalyzer.languages().contains(code)) {
            return true;
        }
        fields.problem(settings.line(), "unknown language '" + code + "' (known: " + String.join(", ", TextAnalyzer.languages()) + ")");
        return false;
    }

    private static List<State> states(YNode.Mapping states, ProblemList problems) {
        if (states.entries().size() > MAX_STATES) {
            problems.add(states.line(), "the scenario has " + states.entries().size() + " states; at most " + MAX_STATES + " are allowed");
        }
        List<State> result = new ArrayList<>();
        for (YNode.Entry entry : states.entries()) {
            Fields fields = new Fields(problems, entry.key(), -1);
            if (!Fields.STATE_PATH.matcher(entry.key()).matches()) {
                fields.problem(entry.line(), "state name '" + entry.key() + "' must be a path starting with /, such as /Order");
                continue;
            }
            result.add(new State(entry.key(), blocks(entry, problems), entry.line()));
        }
        return result;
    }

    private static List<Block> blocks(YNode.Entry state, ProblemList problems) {
        YNode value = state.value();
        if (value instanceof YNode.Scalar scalar && scalar.isNull()) {
            return List.of();
        }
        if (!(value instanceof YNode.Sequence sequence)) {
            problems.add(state.key(), -1, value.line(), "a state must be a list of blocks, not " + value.kind());
            return List.of();
        }
        if (sequence.items().size() > MAX_BLOCKS) {
            problems.add(state.key(), -1, state.line(), "the state has " + sequence.items().size()
                    + " blocks; at most " + MAX_BLOCKS + " are allowed");
        }
        List<Block> blocks = new ArrayList<>();
        for (int index = 0; index < sequence.items().size(); index++) {
            YNode item = sequence.items().get(index);
            Fields fields = new Fields(problems, state.key(), index);
            blocks.add(BlockReader.read(item, fields).orElseGet(() -> new Block.Invalid(item.line())));
        }
        return blocks;
    }
}
