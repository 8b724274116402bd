package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowControlTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void setIfAndGotoSteerTheTurn() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Price:
                    - intent: {patterns: ["price *"]}
                    - set: {amount: "{{data.amount}}", currency: EUR, limits: {max: 100}}
                    - if: {when: "amount > limits.max && currency == 'EUR'", goto: /Expensive}
                    - goto: /Cheap
                  /Expensive:
                    - text: "{{amount}} {{currency}} is a lot"
                  /Cheap:
                    - text: "{{amount}} {{currency}} is fine"
                """);
        var data = json.createObjectNode();

        BotTurn expensive = bot.run(BotRequest.query("price please", data.put("amount", 150)));
        BotTurn cheap = bot.run(BotRequest.query("price please", data.put("amount", 99)));

        assertThat(expensive.nlpClass()).isEqualTo("/Price");
        assertThat(expensive.answer()).isEqualTo("150 EUR is a lot");
        assertThat(expensive.session().variables().path("amount").isNumber()).isTrue();
        assertThat(expensive.session().state()).isEqualTo("/Expensive");
        assertThat(cheap.answer()).isEqualTo("99 EUR is fine");
    }

    @Test
    void ifElseComparesCapturedTextAsNumbers() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Ask:
                    - intent: {patterns: ["ask"]}
                    - input: {var: n, goto: /Check}
                  /Check:
                    - if: {when: "n >= 10", goto: /Big, else: /Small}
                  /Big:
                    - text: big
                  /Small:
                    - text: small
                """);

        bot.say("ask");
        assertThat(bot.say("9").answer()).isEqualTo("small");
        bot.say("ask");
        assertThat(bot.say("10").answer()).isEqualTo("big");
    }

    @Test
    void startQueryAndEventOpenTheStartState() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Start:
                    - event: opened
                    - text: welcome
                  /Paid:
                    - event: orderPaid
                    - text: "Paid {{data.sum}}"
                  /CatchAll:
                    - text: "?"
                """);

        assertThat(bot.say("/start").nlpClass()).isEqualTo("/Start");
        assertThat(bot.event("/start").answer()).isEqualTo("welcome");
        assertThat(bot.event("opened").nlpClass()).isEqualTo("/Start");
        BotTurn paid = bot.run(BotRequest.event("orderPaid",
                json.createObjectNode().put("sum", 12)));
        assertThat(paid.nlpClass()).isEqualTo("/Paid");
        assertThat(paid.confidence()).isEqualTo(1.0);
        assertThat(paid.answer()).isEqualTo("Paid 12");
        BotTurn unknown = bot.event("somethingElse");
        assertThat(unknown.nlpClass()).isEqualTo("/CatchAll");
        assertThat(unknown.confidence()).isNegative();
    }

    @Test
    void endClosesTheSessionAfterTheTurn() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Bye:
                    - intent: {patterns: ["bye"]}
                    - end: true
                    - text: "Bye!"
                  /Stay:
                    - intent: {patterns: ["stay"]}
                    - end: false
                    - text: "Staying"
                """);

        BotTurn bye = bot.say("bye");
        BotTurn stay = bot.say("stay");

        assertThat(bye.endSession()).isTrue();
        assertThat(bye.answer()).isEqualTo("Bye!");
        assertThat(stay.endSession()).isFalse();
    }

    @Test
    void timeoutRepliesAndAsksForATimerThatRunsItsTarget() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Wait:
                    - intent: {patterns: ["wait"]}
                    - text: "Take your time"
                    - timeout: {after: 5m, goto: /StillThere}
                  /StillThere:
                    - text: "Still there?"
                """);

        BotTurn turn = bot.say("wait");

        assertThat(turn.replies()).contains(new Reply.Timeout(300, "/StillThere", "/Wait"));
        assertThat(turn.timers()).containsExactly(new TimerRequest(Duration.ofMinutes(5), "/StillThere"));
        BotTurn fired = bot.engine.fire(bot.scenario, turn.session(), turn.timers().getFirst());
        assertThat(fired.nlpClass()).isEqualTo("/StillThere");
        assertThat(fired.answer()).isEqualTo("Still there?");
    }

    private static final String AGENT = """
            states:
              /Agent:
                - intent: {phrases: ["talk to a person"]}
                - agent: {message: "Connecting you…", closePhrases: ["/close", "bye agent"], noAgents: /NoAgents}
                - text: "never said"
              /NoAgents:
                - text: "Everyone is busy"
            """;

    @Test
    void agentBlockHandsOverWhenAgentsAreOnline() {
        BotHarness bot = BotHarness.of(AGENT);

        BotTurn turn = bot.say("I want to talk to a person");

        assertThat(turn.nlpClass()).isEqualTo("/Agent");
        assertThat(turn.replies()).containsExactly(
                new Reply.Text("Connecting you…", "/Agent"),
                new Reply.Switch("Connecting you…", List.of("/close", "bye agent"), false, "/Agent"));
        assertThat(turn.handoffs()).containsExactly(new Handoff("Connecting you…", List.of("/close", "bye agent"), "/NoAgents"));
    }

    @Test
    void agentBlockRunsTheNoAgentsStateWhenNobodyIsOnline() {
        BotHarness bot = BotHarness.of(AGENT);
        bot.agentsOnline = false;

        BotTurn turn = bot.say("talk to a person");

        assertThat(turn.nlpClass()).isEqualTo("/Agent");
        assertThat(turn.answer()).isEqualTo("Everyone is busy");
        assertThat(turn.handoffs()).isEmpty();
    }

    @Test
    void loopGuardEndsARunawayTurnWithWhatItProduced() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Loop:
                    - intent: {patterns: ["loop"]}
                    - set: {n: 1}
                    - goto: /Again
                  /Again:
                    - text: "again"
                    - if: {when: "n == 1", goto: /Again}
                """);

        BotTurn turn = bot.say("loop");

        assertThat(turn.nlpClass()).isEqualTo("/Loop");
        assertThat(turn.replies()).hasSize(TurnRunner.MAX_STATE_ENTRIES - 1);
    }

    @Test
    void repliesAndTextAreCappedPerTurn() {
        String longText = "x".repeat(30_000);
        BotHarness bot = BotHarness.of("""
                states:
                  /Many:
                    - intent: {patterns: ["many"]}
                    - set: {n: 0}
                    - goto: /More
                  /More:
                    - text: "%s"
                    - image: "https://example.com/a.png"
                    - if: {when: "n == 0", goto: /More}
                """.formatted(longText));

        BotTurn turn = bot.say("many");

        assertThat(turn.replies()).hasSize(ReplySink.MAX_REPLIES);
        assertThat(turn.answer().replace("\n", "")).hasSize(ReplySink.MAX_TEXT_CHARS);
    }

    @Test
    void staleButtonTargetIsIgnored() {
        BotHarness bot = BotHarness.of("""
                states:
                  /A:
                    - intent: {patterns: ["a"]}
                    - text: "a"
                """);
        BotSession stale = new BotSession(null, "/A", List.of(new BotSession.PendingButton("go", "/Gone")), null);

        BotTurn turn = bot.engine.run(bot.scenario, stale, BotRequest.query("go"));

        assertThat(turn.nlpClass()).isEqualTo("/CatchAll");
        assertThat(turn.replies()).isEmpty();
    }

    @Test
    void timerForAStateThatNoLongerExistsProducesNothing() {
        BotHarness bot = BotHarness.of("""
                states:
                  /A:
                    - intent: {patterns: ["a"]}
                    - text: "a"
                """);

        BotTurn turn = bot.engine.fire(bot.scenario, BotSession.empty(), new TimerRequest(Duration.ofSeconds(1), "/Gone"));

        assertThat(turn.nlpClass()).isEqualTo("/Gone");
        assertThat(turn.replies()).isEmpty();
    }
}
