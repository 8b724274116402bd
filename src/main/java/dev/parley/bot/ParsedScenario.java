package dev.parley.bot;

import java.util.List;

/** What {@link ScenarioReader} read from the source, before cross-checks and indexing. */
record ParsedScenario(String name, Settings settings, List<State> states, List<TestStep> tests) {

    ParsedScenario {
        states = List.copyOf(states);
        tests = List.copyOf(tests);
    }
}
