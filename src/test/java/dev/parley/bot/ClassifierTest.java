package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassifierTest {

    private static final String SCENARIO = """
            states:
              /Order:
                - intent: {phrases: ["where is my order", "order status", "track my parcel"]}
                - text: order
              /Agent:
                - intent: {phrases: ["talk to a person", "operator"]}
                - text: agent
              /Refund:
                - intent: {phrases: ["I want my money back", "refund my payment"]}
                - text: refund
              /CatchAll:
                - text: fallback
            """;

    private final BotHarness bot = BotHarness.of(SCENARIO);

    @Test
    void toleratesWordFormsAndPunctuation() {
        BotTurn turn = bot.say("Where's my orders??");

        assertThat(turn.nlpClass()).isEqualTo("/Order");
        assertThat(turn.confidence()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
    }

    @Test
    void toleratesWordOrder() {
        BotTurn turn = bot.say("order, where is it");

        assertThat(turn.nlpClass()).isEqualTo("/Order");
        assertThat(turn.confidence()).isBetween(0.4, 1.0);
    }

    @Test
    void stemsVerbsAndPlurals() {
        assertThat(bot.say("tracking parcels").nlpClass()).isEqualTo("/Order");
        assertThat(bot.say("refunding payments").nlpClass()).isEqualTo("/Refund");
        assertThat(bot.say("talking to persons").nlpClass()).isEqualTo("/Agent");
    }

    @Test
    void isNotSubstringMatching() {
        assertThat(bot.say("reorder").nlpClass()).isEqualTo("/CatchAll");
    }

    @Test
    void unrelatedTextFallsBackWithNegativeConfidence() {
        BotTurn turn = bot.say("the weather is lovely today");

        assertThat(turn.nlpClass()).isEqualTo("/CatchAll");
        assertThat(turn.confidence()).isNegative();
        assertThat(turn.answer()).isEqualTo("fallback");
    }

    @Test
    void scoresBelowTheThresholdFallBack() {
        String strict = SCENARIO.replace("states:", "settings: {threshold: 0.95}\nstates:");
        BotHarness strictBot = BotHarness.of(strict);

        assertThat(bot.say("order, where is it").nlpClass()).isEqualTo("/Order");
        assertThat(strictBot.say("order, where is it").nlpClass()).isEqualTo("/CatchAll");
        assertThat(strictBot.say("where is my order").nlpClass()).isEqualTo("/Order");
    }

    @Test
    void withoutCatchAllStateTheFallbackSaysNothing() {
        BotHarness silent = BotHarness.of("""
                states:
                  /Order:
                    - intent: {phrases: ["order status"]}
                    - text: order
                """);

        BotTurn turn = silent.say("good night");

        assertThat(turn.nlpClass()).isEqualTo("/CatchAll");
        assertThat(turn.confidence()).isNegative();
        assertThat(turn.replies()).isEmpty();
    }

    @Test
    void phrasesMadeOfStopWordsStillCount() {
        BotHarness denial = BotHarness.of("""
                states:
                  /No:
                    - intent: {phrases: ["no, it is not"]}
                    - text: no
                """);

        assertThat(denial.say("No it is NOT!").nlpClass()).isEqualTo("/No");
    }

    @Test
    void otherLanguagesUseTheirOwnStemmer() {
        BotHarness russian = BotHarness.of("""
                settings: {language: ru}
                states:
                  /Order:
                    - intent: {phrases: ["где мой заказ"]}
                    - text: order
                """);

        assertThat(russian.say("Где мои заказы?").nlpClass()).isEqualTo("/Order");
    }
}
