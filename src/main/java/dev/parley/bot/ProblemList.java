package dev.parley.bot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one compilation so that all of them are reported at once. Capped so a
 * megabyte of garbage cannot produce an unbounded answer. Not thread-safe: one per compilation.
 */
final class ProblemList {

    static final int MAX_PROBLEMS = 500;

    private final List<ScenarioProblem> problems = new ArrayList<>();
    private int dropped;

    void add(String state, int block, int line, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new ScenarioProblem(state, block, line, message));
        } else {
            dropped++;
        }
    }

    void add(int line, String message) {
        add("", -1, line, message);
    }

    int size() {
        return problems.size() + dropped;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems ordered by line (unknown lines last), keeping discovery order within a line. */
    List<ScenarioProblem> sorted() {
        List<ScenarioProblem> result = new ArrayList<>(problems);
        result.sort(Comparator.comparingInt(p -> p.line() > 0 ? p.line() : Integer.MAX_VALUE));
        if (dropped > 0) {
            result.add(new ScenarioProblem("", -1, 0, "and " + dropped + " more problems"));
        }
        return result;
    }

    InvalidScenarioException exception() {
        return new InvalidScenarioException(sorted());
    }
}
