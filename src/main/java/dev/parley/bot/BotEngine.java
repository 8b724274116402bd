package dev.parley.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Runs bot turns over compiled scenarios. Script problems never throw: a missing state, a failing
 * HTTP call or a runaway loop ends the turn with what it produced, and a warning in the log.
 * Thread-safe: it holds no per-turn state, so one engine serves every conversation at once.
 */
public final class BotEngine {

    private final HttpBlockClient http;
    private final HttpStep httpStep;
    private final BooleanSupplier agentsOnline;

    /**
     * @param http sends the requests of {@code http} blocks
     * @param agentsOnline asked when an {@code agent} block runs: true when some agent can take the client
     */
    public BotEngine(HttpBlockClient http, BooleanSupplier agentsOnline) {
        this.http = Objects.requireNonNull(http, "http");
        this.httpStep = new HttpStep(http);
        this.agentsOnline = Objects.requireNonNull(agentsOnline, "agentsOnline");
    }

    /** One turn: resolve the request to a state, run it, and answer the replies and the next session. */
    public BotTurn run(Scenario scenario, BotSession session, BotRequest request) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(request, "request");
        if (scenario.external().isPresent()) {
            return scenario.external().get().run(http, session, request);
        }
        ObjectNode variables = session.variables().deepCopy();
        String query = request.kind() == BotRequest.Kind.QUERY ? request.value() : "";
        Resolver.Resolution resolution = Resolver.resolve(scenario, session, request, variables);
        return new TurnRunner(scenario, new Scope(variables, request.data(), query), httpStep, agentsOnline,
                request.channel()).run(resolution.state(), resolution.confidence());
    }

    /**
     * Runs a {@code timeout} block's target state because its time came without the client writing
     * (nlpClass is the target, confidence 1). Call it only if the client wrote nothing since the turn
     * that asked for the timer.
     */
    public BotTurn fire(Scenario scenario, BotSession session, TimerRequest timer) {
        return fire(scenario, session, timer, "the scenario");
    }

    /** {@link #fire(Scenario, BotSession, TimerRequest)} for the channel named {@code channel} in log lines. */
    public BotTurn fire(Scenario scenario, BotSession session, TimerRequest timer, String channel) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(timer, "timer");
        Scope scope = new Scope(session.variables().deepCopy(), BotRequest.event("timeout").data(), "");
        return new TurnRunner(scenario, scope, httpStep, agentsOnline, channel).run(timer.targetState(), 1.0);
    }

    /**
     * The {@code limit} states whose phrases are most like {@code text}, best first, as the classifier scores them;
     * empty for an external bot. For the scenario studio, which shows why a text went where it went; turns never pay
     * for it.
     */
    public List<Candidate> candidates(Scenario scenario, String text, int limit) {
        if (scenario.external().isPresent() || text.isBlank()) {
            return List.of();
        }
        return scenario.classifier().rank(text, limit).stream()
                .map(match -> new Candidate(match.state(), match.score())).toList();
    }

    /** A state the classifier would pick for a text, with its score in [0, 1]. */
    public record Candidate(String state, double confidence) {
        public Candidate {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The same engine with agents forced online or offline, for scenario tests that pin it. */
    BotEngine withAgentsOnline(boolean online) {
        return new BotEngine(http, () -> online);
    }
}
