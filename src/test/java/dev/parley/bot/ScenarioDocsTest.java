package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example of {@code docs/scenarios.md} is real: each {@code ```yaml} block is compiled by the real compiler,
 * which also runs its {@code tests:}. A block is a whole scenario (it has {@code states:} or {@code bot:}), a list of
 * blocks marked {@code # fragment} (compiled as the blocks of a state of its own), or a scenario marked
 * {@code # invalid: line N: message} (it must be rejected with exactly that problem). Every {@code ```json} block
 * must parse.
 */
class ScenarioDocsTest {

    private static final Path DOC = Path.of("docs/scenarios.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```\\s*$");
    private static final Pattern INVALID = Pattern.compile("# invalid: line (\\d+): (.*)");
    /** The external bot example's URL does not exist, and a failing call is what a deploy would see too. */
    private final ScenarioCompiler compiler = new ScenarioCompiler(new BotEngine(
            new FakeHttpBlockClient().fail("no network in the docs test"), () -> true));

    /** One fenced block of the page, with the line it starts on, to name it in failures. */
    private record Example(String language, String text, int line) {
        String firstLine() {
            return text.lines().findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "```" + language + " at docs/scenarios.md:" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyYamlExampleCompilesAndPassesItsTests() {
        return examples("yaml").stream().map(example -> DynamicTest.dynamicTest(example.toString(), () -> check(example)));
    }

    @Test
    void thePageHasExamplesOfEveryKind() {
        List<Example> yaml = examples("yaml");

        assertThat(yaml.stream().filter(e -> e.text().contains("\nstates:") || e.text().startsWith("states:")))
                .hasSizeGreaterThanOrEqualTo(20);
        assertThat(yaml).anySatisfy(e -> assertThat(e.firstLine()).isEqualTo("# fragment"));
        assertThat(yaml).anySatisfy(e -> assertThat(e.firstLine()).startsWith("# invalid:"));
    }

    @Test
    void everyBlockTypeTheCompilerKnowsIsDocumented() throws IOException {
        List<String> headings = Files.readAllLines(DOC, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("### ")).toList();

        assertThat(BlockReader.TYPES).allSatisfy(type -> assertThat(headings).as("a heading for " + type)
                .anySatisfy(heading -> assertThat(heading).contains("`" + type + "`")));
    }

    @Test
    void everyJsonExampleParses() {
        assertThat(examples("json")).isNotEmpty().allSatisfy(example -> {
            try {
                new ObjectMapper().readTree(example.text());
            } catch (IOException e) {
                fail(example + " is not JSON: " + e.getMessage());
            }
        });
    }

    private void check(Example example) {
        Matcher invalid = INVALID.matcher(example.firstLine());
        if (invalid.matches()) {
            int line = Integer.parseInt(invalid.group(1));
            assertThatThrownBy(() -> compiler.compile(example.text())).as(example.toString())
                    .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.problems())
                            .extracting(ScenarioProblem::line, ScenarioProblem::message)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(line, invalid.group(2))));
            return;
        }
        String source = example.firstLine().equals("# fragment") ? wrapped(example.text()) : example.text();
        assertThat(source).as(example + " is a whole scenario or marked # fragment")
                .containsPattern("(?m)^(states|bot):");
        try {
            compiler.compile(source);
        } catch (InvalidScenarioException e) {
            fail(example + ": " + e.problems().stream().map(ScenarioProblem::describe).toList());
        }
    }

    /** A fragment is a list of blocks: the blocks of a state that the fallback makes reachable. */
    private static String wrapped(String fragment) {
        StringBuilder source = new StringBuilder("states:\n  /CatchAll:\n");
        fragment.lines().forEach(line -> source.append("    ").append(line).append('\n'));
        return source.toString();
    }

    private static List<Example> examples(String language) {
        String page;
        try {
            page = Files.readString(DOC, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Example> found = new ArrayList<>();
        Matcher fence = FENCE.matcher(page);
        while (fence.find()) {
            if (fence.group(1).equals(language)) {
                int line = (int) page.substring(0, fence.start()).lines().count() + 1;
                found.add(new Example(language, fence.group(2), line));
            }
        }
        return found;
    }
}
