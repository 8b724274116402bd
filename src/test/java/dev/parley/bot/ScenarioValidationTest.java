package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioValidationTest {

    private final ScenarioCompiler compiler = new ScenarioCompiler(new BotEngine(new FakeHttpBlockClient(), () -> true));

    private List<ScenarioProblem> problems(String source) {
        return catchThrowableOfType(InvalidScenarioException.class, () -> compiler.compile(source)).problems();
    }

    @Test
    void reportsEveryProblemAtOnceWithStateBlockAndLine() {
        List<ScenarioProblem> problems = problems("""
                name: broken
                settings: {threshold: 2}
                states:
                  Start:
                    - text: hi
                  /A:
                    - intent: {patterns: ["re:(oops"]}
                    - colour: red
                    - text: {text: hi, size: 3}
                    - goto: /Nowhere
                  /B:
                    - text: lonely
                  /C:
                    - intent: {patterns: [c]}
                    - if: {when: "a >", goto: /A}
                    - timeout: {after: soon, goto: /A}
                    - http: {method: PATCH, url: "https://x.example", ok: /A, fail: /A}
                    - buttons: [{text: x, goto: /Missing}]
                    - input: {var: x, goto: /Gone}
                    - agent: {message: m, noAgents: /Nope}
                    - text: [1, 2]
                tests:
                  - say: c
                    expect: {state: /A}
                """);

        assertThat(problems).extracting(ScenarioProblem::state, ScenarioProblem::block, ScenarioProblem::line)
                .containsExactly(
                        tuple("", -1, 2), tuple("Start", -1, 4), tuple("/A", 0, 7), tuple("/A", 1, 8),
                        tuple("/A", 2, 9), tuple("/A", 3, 10), tuple("/B", -1, 11), tuple("/C", 1, 15),
                        tuple("/C", 2, 16), tuple("/C", 3, 17), tuple("/C", 4, 18), tuple("/C", 5, 19),
                        tuple("/C", 6, 20), tuple("/C", 7, 21), tuple("", -1, 23));
        assertThat(problems).extracting(ScenarioProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("threshold"),
                m -> assertThat(m).contains("must be a path starting with /"),
                m -> assertThat(m).contains("bad regular expression"),
                m -> assertThat(m).contains("unknown block type 'colour'"),
                m -> assertThat(m).contains("unknown field 'size' in text"),
                m -> assertThat(m).isEqualTo("unknown goto target /Nowhere"),
                m -> assertThat(m).contains("/B is unreachable"),
                m -> assertThat(m).contains("bad if expression"),
                m -> assertThat(m).contains("bad duration"),
                m -> assertThat(m).contains("bad http method 'PATCH'"),
                m -> assertThat(m).isEqualTo("unknown button goto target /Missing"),
                m -> assertThat(m).isEqualTo("unknown input goto target /Gone"),
                m -> assertThat(m).isEqualTo("unknown agent noAgents target /Nope"),
                m -> assertThat(m).contains("text must be a string, not a list"),
                m -> assertThat(m).isEqualTo("test 1: expected state /A but got /C"));
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() {
        List<ScenarioProblem> problems = problems("states:\n  /A:\n    - text: \"unclosed\n    - goto: /A\n");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isGreaterThanOrEqualTo(3);
            assertThat(problem.message()).startsWith("YAML syntax error");
        });
    }

    @Test
    void missingStatesEmptySourceAndNonMappingsAreProblems() {
        assertThat(problems("name: x\n")).extracting(ScenarioProblem::message).containsExactly("the scenario needs 'states'");
        assertThat(problems("")).extracting(ScenarioProblem::message).containsExactly("the scenario is empty");
        assertThat(problems("[1, 2]")).extracting(ScenarioProblem::message)
                .containsExactly("the scenario must be a mapping, not a list");
        assertThat(problems("states: [1]")).extracting(ScenarioProblem::message)
                .containsExactly("states must be a mapping, not a list");
    }

    @Test
    void unknownTopLevelKeysDuplicateKeysAndWrongFieldTypesAreProblems() {
        List<ScenarioProblem> problems = problems("""
                stats: {}
                states:
                  /Start:
                    - text: a
                  /Start:
                    - text: b
                  /X:
                    - intent: {phrases: 5, patterns: [{a: b}]}
                    - end: yes
                """);

        assertThat(problems).extracting(ScenarioProblem::line, ScenarioProblem::message).contains(
                tuple(1, "unknown field 'stats' in the scenario (known: description, name, settings, states, tests)"),
                tuple(5, "duplicate key /Start"),
                tuple(8, "patterns item must be a string, not a mapping"),
                tuple(9, "end must be true or false, not a string"));
    }

    @Test
    void unconditionalGotoLoopIsAProblem() {
        List<ScenarioProblem> problems = problems("""
                states:
                  /Start:
                    - goto: /A
                  /A:
                    - text: a
                    - goto: /B
                  /B:
                    - goto: /A
                """);

        assertThat(problems).extracting(ScenarioProblem::message).singleElement().asString()
                .contains("goto loop").contains("/A").contains("/B");
    }

    @Test
    void conditionalLoopsAreAllowed() {
        compiler.compile("""
                states:
                  /Start:
                    - if: {when: "n < 3", goto: /Start}
                """);
    }

    @Test
    void sameEventInTwoStatesAndWordlessPhrasesAreProblems() {
        List<ScenarioProblem> problems = problems("""
                states:
                  /A:
                    - event: paid
                  /B:
                    - event: paid
                    - intent: {phrases: ["?!"]}
                """);

        assertThat(problems).extracting(ScenarioProblem::message).containsExactly(
                "event paid is already handled by /A", "phrase \"?!\" has no words to learn from");
    }

    @Test
    void failingTestsRejectTheScenarioWithTheirLines() {
        List<ScenarioProblem> problems = problems("""
                states:
                  /Hello:
                    - intent: {patterns: [hello]}
                    - text: "Hello!"
                  /CatchAll:
                    - text: "?"
                tests:
                  - say: hello
                    expect: {state: /Hello, answer: "Hello!", replies: 1}
                  - say: bonjour
                    expect: {state: /Hello}
                  - event: nothing
                    new: true
                    expect: {answer: "Hi", replies: 2}
                """);

        assertThat(problems).extracting(ScenarioProblem::line, ScenarioProblem::message).containsExactly(
                tuple(10, "test 2: expected state /Hello but got /CatchAll"),
                tuple(12, "test 3: expected answer \"Hi\" but got \"?\""),
                tuple(12, "test 3: expected 2 replies but got 1"));
    }

    @Test
    void badTestStepsAreProblems() {
        List<ScenarioProblem> problems = problems("""
                states:
                  /CatchAll:
                    - text: "?"
                tests:
                  - expect: {state: /CatchAll}
                  - say: hi
                    event: x
                  - say: hi
                    expect: {replies: many, mood: happy}
                """);

        assertThat(problems).extracting(ScenarioProblem::line).containsExactly(5, 6, 9);
    }

    @Test
    void jsonSourceCompilesLikeYaml() {
        Scenario scenario = compiler.compile("""
                {"name": "json", "states": {
                  "/Hello": [{"intent": {"patterns": ["hello"]}}, {"text": "Hi from JSON"}],
                  "/CatchAll": [{"text": "?"}]},
                 "tests": [{"say": "hello", "expect": {"answer": "Hi from JSON"}}]}
                """);

        assertThat(scenario.name()).isEqualTo("json");
        assertThat(scenario.statePaths()).containsExactly("/Hello", "/CatchAll");
    }

    @Test
    void jsonProblemsHaveLinesToo() {
        List<ScenarioProblem> problems = problems("{\"states\": {\n  \"/Start\": [\n    {\"txt\": \"x\"}\n  ]\n}}");

        assertThat(problems).extracting(ScenarioProblem::state, ScenarioProblem::block, ScenarioProblem::line)
                .containsExactly(tuple("/Start", 0, 3));
    }

    @Test
    void sizeLimitsAreProblems() {
        String huge = "states:\n  /CatchAll:\n    - text: \"" + "x".repeat(ScenarioCompiler.MAX_SOURCE_BYTES) + "\"\n";
        StringBuilder many = new StringBuilder("states:\n");
        for (int i = 0; i <= ScenarioReader.MAX_STATES; i++) {
            many.append("  /S").append(i).append(":\n    - event: e").append(i).append('\n');
        }
        String longState = "states:\n  /CatchAll:\n" + "    - text: x\n".repeat(ScenarioReader.MAX_BLOCKS + 1);

        assertThat(problems(huge)).extracting(ScenarioProblem::message).containsExactly("the scenario is larger than 1 MiB");
        assertThat(problems(many.toString())).extracting(ScenarioProblem::message).singleElement().asString()
                .contains("1001 states");
        assertThat(problems(longState)).extracting(ScenarioProblem::message).singleElement().asString()
                .contains("501 blocks");
    }

    @Test
    void exceptionMessageSummarizesTheProblems() {
        InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class,
                () -> compiler.compile("states:\n  /Start:\n    - goto: /B\n"));

        assertThat(e).hasMessage("invalid scenario (1 problem): line 3, /Start block 0: unknown goto target /B");
    }

    @Test
    void aLongStringRepeatedThroughAliasesIsRefusedBeforeItExpands() {
        String aliases = String.join(", ", java.util.Collections.nCopies(100, "*p"));
        String source = "name: big\np: &p \"" + "x".repeat(100_000) + "\"\nstates:\n  /A:\n"
                + "    - intent: {patterns: [" + aliases + "]}\n    - text: a\n";

        assertThat(problems(source)).extracting(ScenarioProblem::message)
                .anySatisfy(m -> assertThat(m).contains("too large"));
    }
}
