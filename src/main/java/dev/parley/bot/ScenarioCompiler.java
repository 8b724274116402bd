package dev.parley.bot;

import dev.parley.outbound.OutboundPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles scenario text (YAML, or the same structure as JSON) into a {@link Scenario}: parses it
 * with line numbers, reads and validates every state and block, cross-checks targets and
 * reachability, builds the classifier, and runs the scenario's {@code tests} on the given engine.
 * Anything wrong is reported at once, as one {@link InvalidScenarioException} listing every problem.
 * Thread-safe: compilations share nothing but the engine, which is thread-safe itself.
 */
public final class ScenarioCompiler {

    /** 1 MiB of UTF-8. */
    public static final int MAX_SOURCE_BYTES = 1 << 20;

    private final BotEngine engine;
    private final OutboundPolicy policy;

    /** A compiler whose deployments may call private addresses (never metadata ones). */
    public ScenarioCompiler(BotEngine engine) {
        this(engine, new OutboundPolicy(true));
    }

    /**
     * @param engine runs the scenario's {@code tests}; its HTTP client serves their {@code http} blocks
     * @param policy judges the fixed URLs of a scenario being deployed
     */
    public ScenarioCompiler(BotEngine engine, OutboundPolicy policy) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The compiled scenario; throws {@link InvalidScenarioException} listing every problem found. */
    public Scenario compile(String source) {
        return compile(source, false);
    }

    /**
     * {@link #compile}, for a scenario being deployed: an {@code http} block or external bot whose fixed URL the
     * outbound policy refuses is a problem too. Stored scenarios are compiled without that check, so changing
     * {@code PARLEY_HTTP_ALLOW_PRIVATE} cannot stop a running channel; their calls are refused when made.
     */
    public Scenario compileToDeploy(String source) {
        return compile(source, true);
    }

    /**
     * Checks a scenario as {@link #compileToDeploy} does, and runs its tests, but reports what it found instead of
     * throwing: for an editor that shows every problem and every test, deploying nothing.
     */
    public ScenarioValidation validate(String source) {
        ProblemList problems = new ProblemList();
        List<ScenarioValidation.TestOutcome> tests = new ArrayList<>();
        build(source, true, problems, tests);
        return new ScenarioValidation(problems.sorted(), tests);
    }

    private Scenario compile(String source, boolean deploying) {
        ProblemList problems = new ProblemList();
        Optional<Scenario> scenario = build(source, deploying, problems, new ArrayList<>());
        if (scenario.isEmpty() || !problems.isEmpty()) {
            throw problems.exception();
        }
        return scenario.get();
    }

    /** Compiles into {@code problems} and {@code tests}; empty when the source could not be read far enough. */
    private Optional<Scenario> build(String source, boolean deploying, ProblemList problems,
            List<ScenarioValidation.TestOutcome> tests) {
        Objects.requireNonNull(source, "source");
        if (tooLarge(source)) {
            problems.add(0, "the scenario is larger than 1 MiB");
            return Optional.empty();
        }
        Optional<YNode> root = YamlTree.parse(source, problems);
        Optional<YNode> bot = root.filter(YNode.Mapping.class::isInstance)
                .flatMap(r -> ((YNode.Mapping) r).find("bot"));
        if (bot.isPresent()) {
            return external(source, (YNode.Mapping) root.get(), bot.get(), problems, deploying);
        }
        Optional<ParsedScenario> parsed = root.flatMap(r -> ScenarioReader.read(r, problems));
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ScenarioChecker.check(parsed.get().states(), problems);
        if (deploying) {
            ScenarioChecker.checkAddresses(parsed.get().states(), policy, problems);
        }
        Scenario scenario = Scenario.build(source, parsed.get(), example -> problems.add(example.state(),
                example.block(), example.line(), "phrase \"" + example.phrase() + "\" has no words to learn from"));
        // Tests run even when something else is wrong, so the author sees every problem in one go.
        tests.addAll(new ScenarioTestRunner(engine).run(scenario, parsed.get().tests(), problems));
        return Optional.of(scenario);
    }

    /** {@code bot: {type: http, url}} instead of states: a bot that lives elsewhere. */
    private Optional<Scenario> external(String source, YNode.Mapping root, YNode bot, ProblemList problems,
            boolean deploying) {
        new Fields(problems, "", 0).onlyKnownKeys(root, "an external bot's scenario", Set.of("bot", "name"));
        Optional<ExternalBot> external = ExternalBot.read(bot, problems);
        if (deploying) {
            external.flatMap(found -> policy.problem(found.url()))
                    .ifPresent(problem -> problems.add(bot.line(), "bot url is refused: " + problem));
        }
        return external.map(found -> Scenario.external(source, found));
    }

    private static boolean tooLarge(String source) {
        // A char is at most 3 UTF-8 bytes, so most sources need no encoding to be measured.
        return source.length() > MAX_SOURCE_BYTES / 3
                && source.getBytes(StandardCharsets.UTF_8).length > MAX_SOURCE_BYTES;
    }
}
