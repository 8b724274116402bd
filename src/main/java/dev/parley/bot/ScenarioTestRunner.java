package dev.parley.bot;

import java.util.List;

/**
 * Runs a scenario's {@code tests} at compile time, the way the conversation layer would: one
 * session, step after step, fresh after {@code new: true} or a turn that ended the session.
 * Every failed check becomes a problem at the step's line.
 */
final class ScenarioTestRunner {

    private final BotEngine engine;

    ScenarioTestRunner(BotEngine engine) {
        this.engine = engine;
    }

    void run(Scenario scenario, List<TestStep> steps, ProblemList problems) {
        BotSession session = BotSession.empty();
        for (TestStep step : steps) {
            if (step.fresh()) {
                session = BotSession.empty();
            }
            BotTurn turn = engineFor(step).run(scenario, session, step.request());
            for (TestStep.Check check : step.checks()) {
                check.failure(turn).ifPresent(failure ->
                        problems.add(step.line(), "test " + step.number() + ": " + failure));
            }
            session = turn.endSession() ? BotSession.empty() : turn.session();
        }
    }

    private BotEngine engineFor(TestStep step) {
        return switch (step.agentsOnline()) {
            case "online" -> engine.withAgentsOnline(true);
            case "offline" -> engine.withAgentsOnline(false);
            default -> engine;
        };
    }
}
