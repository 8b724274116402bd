package dev.parley.bot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A compiled scenario: its states, and the indexes resolution needs (patterns in scenario order,
 * event owners and the phrase classifier), all built once by {@link ScenarioCompiler}. Immutable
 * and thread-safe: one instance serves every conversation of a channel at once.
 */
public final class Scenario {

    public static final String START = "/Start";
    public static final String CATCH_ALL = "/CatchAll";

    /** A pattern and the state it leads to, kept in scenario order because the first match wins. */
    record Route(String state, IntentPattern pattern) {
    }

    private final String name;
    private final String source;
    private final Settings settings;
    private final Map<String, State> states;
    private final List<Route> routes;
    private final Map<String, String> events;
    private final Classifier classifier;
    private final Optional<ExternalBot> external;

    private Scenario(String source, ParsedScenario parsed, Classifier classifier, Optional<ExternalBot> external) {
        this.external = external;
        this.name = parsed.name();
        this.source = source;
        this.settings = parsed.settings();
        Map<String, State> byPath = new LinkedHashMap<>();
        List<Route> patternRoutes = new ArrayList<>();
        Map<String, String> eventOwners = new HashMap<>();
        for (State state : parsed.states()) {
            byPath.put(state.path(), state);
            for (Block block : state.blocks()) {
                if (block instanceof Block.Intent intent) {
                    intent.patterns().forEach(pattern -> patternRoutes.add(new Route(state.path(), pattern)));
                } else if (block instanceof Block.Event event) {
                    eventOwners.putIfAbsent(event.name(), state.path());
                }
            }
        }
        this.states = Collections.unmodifiableMap(byPath);
        this.routes = List.copyOf(patternRoutes);
        this.events = Map.copyOf(eventOwners);
        this.classifier = classifier;
    }

    /** Builds the indexes; phrases without a single word are reported to {@code wordless}. */
    static Scenario build(String source, ParsedScenario parsed, Consumer<Classifier.Example> wordless) {
        List<Classifier.Example> examples = new ArrayList<>();
        for (State state : parsed.states()) {
            for (int index = 0; index < state.blocks().size(); index++) {
                if (state.blocks().get(index) instanceof Block.Intent intent) {
                    for (String phrase : intent.phrases()) {
                        examples.add(new Classifier.Example(state.path(), phrase, index, intent.line()));
                    }
                }
            }
        }
        TextAnalyzer analyzer = new TextAnalyzer(parsed.settings().language());
        return new Scenario(source, parsed, Classifier.build(examples, analyzer, wordless), Optional.empty());
    }

    /** A channel's bot that lives elsewhere: no states, each turn asks {@code bot}. */
    static Scenario external(String source, ExternalBot bot) {
        ParsedScenario none = new ParsedScenario("", Settings.defaults(), List.of(), List.of());
        return new Scenario(source, none, Classifier.build(List.of(), new TextAnalyzer(Settings.defaults().language()),
                example -> { }), Optional.of(bot));
    }

    /** The external bot that answers this channel's turns, when the scenario is one. */
    public Optional<ExternalBot> external() {
        return external;
    }

    /** The scenario's {@code name}, {@code ""} when it has none. */
    public String name() {
        return name;
    }

    /** The text the scenario was compiled from, exactly as given. */
    public String source() {
        return source;
    }

    /** The state paths in source order. */
    public Set<String> statePaths() {
        return states.keySet();
    }

    public boolean hasState(String path) {
        return states.containsKey(path);
    }

    Optional<State> findState(String path) {
        return Optional.ofNullable(states.get(path));
    }

    Settings settings() {
        return settings;
    }

    List<Route> routes() {
        return routes;
    }

    Optional<String> findEventState(String event) {
        return Optional.ofNullable(events.get(event));
    }

    Classifier classifier() {
        return classifier;
    }

    @Override
    public String toString() {
        return external.map(bot -> "Scenario[external bot " + bot.url() + "]")
                .orElse("Scenario[" + (name.isEmpty() ? "unnamed" : name) + ", " + states.size() + " states]");
    }
}
