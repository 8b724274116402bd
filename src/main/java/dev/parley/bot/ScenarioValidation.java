package dev.parley.bot;

import java.util.List;
import java.util.Objects;

/**
 * What checking a scenario found, without deploying it: every problem (by line) and how each of its tests went.
 *
 * @param tests empty when the scenario could not be read far enough to run its tests
 */
public record ScenarioValidation(List<ScenarioProblem> problems, List<TestOutcome> tests) {

    public ScenarioValidation {
        problems = List.copyOf(problems);
        tests = List.copyOf(tests);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /**
     * One step of the scenario's {@code tests}.
     *
     * @param index the step's 1-based number, as problems name it ({@code test 2: …})
     * @param say the text the step says, or {@code event <name>} for a step that sends an event
     * @param message what went wrong, {@code ""} when the step passed
     */
    public record TestOutcome(int index, String say, boolean ok, String message) {
        public TestOutcome {
            Objects.requireNonNull(say, "say");
            Objects.requireNonNull(message, "message");
        }
    }
}
