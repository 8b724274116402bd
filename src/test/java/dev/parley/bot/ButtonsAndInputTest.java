package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ButtonsAndInputTest {

    private final BotHarness bot = BotHarness.of("""
            states:
              /Start:
                - text: "Pick one"
                - buttons: ["Order status", {text: "Yes", goto: /Agree}, {text: "Docs", url: "https://example.com/docs"}]
              /Agree:
                - text: "Agreed"
              /Order:
                - intent: {phrases: ["order status", "where is my order"]}
                - text: "Your order number?"
                - input: {var: order, pattern: "\\\\d+", goto: /Order/Check}
              /Order/Check:
                - text: "Checking {{order}}"
              /Name:
                - intent: {patterns: ["my name"]}
                - text: "What is your name?"
                - input: {var: user.name, goto: /Name/Thanks}
              /Name/Thanks:
                - text: "Thanks, {{user.name}}"
              /Hello:
                - intent: {patterns: ["hello"]}
                - text: "Hi"
              /CatchAll:
                - text: "Pardon?"
            """);

    @Test
    void clickingAButtonFollowsItsGotoWhateverTheCase() {
        bot.say("/start");

        BotTurn turn = bot.say("  yes! ");

        assertThat(turn.nlpClass()).isEqualTo("/Agree");
        assertThat(turn.confidence()).isEqualTo(1.0);
        assertThat(turn.answer()).isEqualTo("Agreed");
    }

    @Test
    void aButtonWithoutGotoSendsItsTextAsAQuery() {
        bot.say("/start");

        assertThat(bot.say("Order status").nlpClass()).isEqualTo("/Order");
    }

    @Test
    void buttonsOnlyApplyToTheNextRequest() {
        bot.say("/start");
        bot.say("hello");

        assertThat(bot.say("yes").nlpClass()).isEqualTo("/CatchAll");
    }

    @Test
    void sessionRemembersOnlyButtonsThatLeadSomewhere() {
        BotTurn turn = bot.say("/start");

        assertThat(turn.session().buttons()).containsExactly(new BotSession.PendingButton("Yes", "/Agree"));
    }

    @Test
    void inputCapturesTheNextTextWhenItMatchesThePattern() {
        bot.say("where is my order");

        BotTurn turn = bot.say("12345");

        assertThat(turn.nlpClass()).isEqualTo("/Order/Check");
        assertThat(turn.confidence()).isEqualTo(1.0);
        assertThat(turn.answer()).isEqualTo("Checking 12345");
        assertThat(turn.session().variables().path("order").asText()).isEqualTo("12345");
        assertThat(turn.session().findInput()).isEmpty();
    }

    @Test
    void anInputPatternThatBacktracksWithoutEndOnALongTextRejectsItInsteadOfFailingTheTurn() {
        BotHarness backtracking = BotHarness.of("""
                states:
                  /Ask:
                    - intent: {patterns: ["ask"]}
                    - input: {var: answer, pattern: "(a|aa)+b", goto: /Got}
                  /Got:
                    - text: "got it"
                  /CatchAll:
                    - text: "no"
                """);
        backtracking.say("ask");

        BotTurn turn = backtracking.say("a".repeat(20_000));

        assertThat(turn.answer()).as("not accepted: asked again").isEmpty();
        assertThat(turn.session().findInput()).isPresent();
        assertThat(backtracking.say("aab").answer()).isEqualTo("got it");
    }

    @Test
    void inputWithoutPatternTakesAnyTextIntoADottedVariable() {
        bot.say("my name");

        BotTurn turn = bot.say("Ada Lovelace");

        assertThat(turn.answer()).isEqualTo("Thanks, Ada Lovelace");
        assertThat(turn.session().variables().path("user").path("name").asText()).isEqualTo("Ada Lovelace");
    }

    @Test
    void textNotMatchingTheInputPatternResolvesNormally() {
        bot.say("where is my order");

        BotTurn turn = bot.say("hello");

        assertThat(turn.nlpClass()).isEqualTo("/Hello");
        assertThat(turn.session().variables().has("order")).isFalse();
    }

    @Test
    void textNotMatchingTheInputPatternAndNothingElseReasks() {
        bot.say("where is my order");

        BotTurn turn = bot.say("abc");

        assertThat(turn.nlpClass()).isEqualTo("/Order");
        assertThat(turn.confidence()).isNegative();
        assertThat(turn.answer()).isEqualTo("Your order number?");
        assertThat(bot.say("42").answer()).isEqualTo("Checking 42");
    }

    @Test
    void startCommandWinsOverAPendingInput() {
        bot.say("my name");

        assertThat(bot.say("/start").nlpClass()).isEqualTo("/Start");
    }
}
