package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scenario studio asks of the bot: the classifier's candidates, and validation that never throws. */
class StudioDebugTest {

    private static final String SCENARIO = """
            states:
              /Order:
                - intent: {phrases: ["where is my order", "order status", "track my parcel"]}
                - text: order
              /Parcel:
                - intent: {phrases: ["my parcel is lost", "parcel damaged"]}
                - text: parcel
              /Refund:
                - intent: {phrases: ["refund my order", "money back"]}
                - text: refund
              /Agent:
                - intent: {phrases: ["talk to a person"]}
                - text: agent
              /CatchAll:
                - text: fallback
            """;

    private final BotHarness bot = BotHarness.of(SCENARIO);
    private final ScenarioCompiler compiler = new ScenarioCompiler(new BotEngine(new FakeHttpBlockClient(), () -> true));

    @Test
    void candidatesAreTheBestStatesOncePerStateBestFirstAndTheFirstIsWhatATurnPicks() {
        List<BotEngine.Candidate> candidates = bot.engine.candidates(bot.scenario, "where is my parcel order", 3);

        assertThat(candidates).hasSizeLessThanOrEqualTo(3).extracting(BotEngine.Candidate::state)
                .doesNotHaveDuplicates().doesNotContain("/Agent");
        assertThat(candidates).extracting(BotEngine.Candidate::confidence).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        BotTurn turn = bot.say("where is my parcel order");
        assertThat(candidates.getFirst()).isEqualTo(new BotEngine.Candidate(turn.nlpClass(), turn.confidence()));
        assertThat(candidates.stream().map(BotEngine.Candidate::state)).contains("/Parcel", "/Refund");
    }

    @Test
    void candidatesAreCutToTheLimitAndEmptyWhenNothingIsAlike() {
        assertThat(bot.engine.candidates(bot.scenario, "my order parcel refund person", 2)).hasSize(2);
        assertThat(bot.engine.candidates(bot.scenario, "zebra", 3)).isEmpty();
        assertThat(bot.engine.candidates(bot.scenario, "  ", 3)).isEmpty();
    }

    @Test
    void validationListsEveryTestWithItsOutcomeAndNeverThrows() {
        ScenarioValidation validation = compiler.validate(SCENARIO + """
                tests:
                  - say: "order status"
                    expect: {state: /Order}
                  - event: paid
                    expect: {answer: "thanks"}
                """);

        assertThat(validation.valid()).isFalse();
        assertThat(validation.tests()).containsExactly(new ScenarioValidation.TestOutcome(1, "order status", true, ""),
                new ScenarioValidation.TestOutcome(2, "event paid", false,
                        "expected answer \"thanks\" but got \"fallback\""));
        assertThat(validation.problems()).extracting(ScenarioProblem::line).as("the failing step's line").containsExactly(19);
    }

    @Test
    void aScenarioThatCannotBeReadIsInvalidWithoutTests() {
        ScenarioValidation garbage = compiler.validate("{[: not yaml");
        assertThat(garbage.valid()).isFalse();
        assertThat(garbage.tests()).isEmpty();

        ScenarioValidation huge = compiler.validate("#".repeat(ScenarioCompiler.MAX_SOURCE_BYTES + 1));
        assertThat(huge.problems()).extracting(ScenarioProblem::message).containsExactly("the scenario is larger than 1 MiB");
    }

    @Test
    void aValidScenarioValidatesAsItCompiles() {
        ScenarioValidation validation = compiler.validate(SCENARIO);
        assertThat(validation.valid()).isTrue();
        assertThat(validation.problems()).isEmpty();
        assertThat(compiler.validate("bot: {type: http, url: \"https://bots.example/turn\"}").valid()).isTrue();
    }
}
