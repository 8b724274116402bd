package dev.parley.bot;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario was rejected; {@link #problems()} lists every problem found, in source order where known. */
public final class InvalidScenarioException extends RuntimeException {

    private static final int PROBLEMS_IN_MESSAGE = 5;

    private final List<ScenarioProblem> problems;

    public InvalidScenarioException(List<ScenarioProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ScenarioProblem> problems() {
        return problems;
    }

    private static String summary(List<ScenarioProblem> problems) {
        String shown = problems.stream()
                .limit(PROBLEMS_IN_MESSAGE)
                .map(ScenarioProblem::describe)
                .collect(Collectors.joining("; "));
        int more = problems.size() - PROBLEMS_IN_MESSAGE;
        return "invalid scenario (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "): "
                + shown + (more > 0 ? "; and " + more + " more" : "");
    }
}
