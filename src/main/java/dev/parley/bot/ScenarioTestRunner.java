package dev.parley.bot;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario's {@code tests} at compile time, the way the conversation layer would: one
 * session, step after step, fresh after {@code new: true} or a turn that ended the session.
 * Every failed check becomes a problem at the step's line, and each step's outcome is reported.
 */
final class ScenarioTestRunner {

    private final BotEngine engine;

    ScenarioTestRunner(BotEngine engine) {
        this.engine = engine;
    }

    List<ScenarioValidation.TestOutcome> run(Scenario scenario, List<TestStep> steps, ProblemList problems) {
        List<ScenarioValidation.TestOutcome> outcomes = new ArrayList<>();
        BotSession session = BotSession.empty();
        for (TestStep step : steps) {
            if (step.fresh()) {
                session = BotSession.empty();
            }
            BotTurn turn = engineFor(step).run(scenario, session, step.request());
            List<String> failures = new ArrayList<>();
            for (TestStep.Check check : step.checks()) {
                check.failure(turn).ifPresent(failure -> {
                    failures.add(failure);
                    problems.add(step.line(), "test " + step.number() + ": " + failure);
                });
            }
            outcomes.add(new ScenarioValidation.TestOutcome(step.number(), said(step.request()), failures.isEmpty(),
                    String.join("; ", failures)));
            session = turn.endSession() ? BotSession.empty() : turn.session();
        }
        return outcomes;
    }

    private static String said(BotRequest request) {
        return request.kind() == BotRequest.Kind.QUERY ? request.value() : "event " + request.value();
    }

    private BotEngine engineFor(TestStep step) {
        return switch (step.agentsOnline()) {
            case "online" -> engine.withAgentsOnline(true);
            case "offline" -> engine.withAgentsOnline(false);
            default -> engine;
        };
    }
}
