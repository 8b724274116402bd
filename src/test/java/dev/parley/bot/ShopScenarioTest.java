package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shop sample scenario (with an http block and a timeout) compiles and behaves as its comments say. */
class ShopScenarioTest {

    private final BotHarness bot = new BotHarness(BotHarness.resource("shop.yaml"));

    @Test
    void compilesWithItsOwnTestPassing() {
        assertThat(bot.scenario.name()).isEqualTo("shop");
        assertThat(bot.scenario.statePaths()).contains("/Start", "/Order/Check", "/CatchAll");
    }

    @Test
    void startGreetsWithButtons() {
        BotTurn turn = bot.say("/start");

        assertThat(turn.nlpClass()).isEqualTo("/Start");
        assertThat(turn.replies()).containsExactly(
                new Reply.Text("Hi! What would you like to do?", "/Start"),
                new Reply.Buttons(List.of(new Reply.Button("Order status", null, null),
                        new Reply.Button("Talk to a person", "/Agent", null)), "/Start"));
    }

    @Test
    void greetsByNameFromRequestData() {
        BotTurn turn = bot.run(BotRequest.query("Hello there", new ObjectMapper().createObjectNode().put("name", "Ada")));

        assertThat(turn.nlpClass()).isEqualTo("/Hello");
        assertThat(turn.answer()).isEqualTo("Hello, Ada!");
    }

    @Test
    void orderFlowAsksChecksAndReportsWithATimeout() {
        bot.http.respond(200, "{\"status\":\"shipped\"}");
        bot.say("/start");

        BotTurn asked = bot.say("Order status");
        BotTurn checked = bot.say("123");

        assertThat(asked.nlpClass()).isEqualTo("/Order");
        assertThat(asked.answer()).isEqualTo("Your order number?");
        assertThat(bot.http.lastRequest().url()).hasToString("https://shop.example/api/orders/123");
        assertThat(checked.nlpClass()).isEqualTo("/Order/Check");
        assertThat(checked.answer()).isEqualTo("Order 123 is shipped.");
        assertThat(checked.replies()).contains(new Reply.Timeout(60, "/StillThere", "/Order/Status"));
        assertThat(checked.timers()).containsExactly(new TimerRequest(Duration.ofSeconds(60), "/StillThere"));
    }

    @Test
    void unknownOrderGoesToTheFailState() {
        bot.http.respond(404, "{}");
        bot.say("where's my order??");

        assertThat(bot.say("999").answer()).isEqualTo("I could not find order 999.");
    }

    @Test
    void talkToAPersonButtonHandsOverOrFallsBack() {
        bot.say("/start");
        BotTurn online = bot.say("Talk to a person");
        bot.agentsOnline = false;
        BotTurn offline = bot.say("operator");

        assertThat(online.nlpClass()).isEqualTo("/Agent");
        assertThat(online.handoffs()).containsExactly(new Handoff("Connecting you…", List.of("/close"), "/NoAgents"));
        assertThat(offline.answer()).isEqualTo("Everyone is busy right now; leave a message and we will write back.");
    }

    @Test
    void eventsByeAndFallback() {
        assertThat(bot.event("orderPaid").answer()).isEqualTo("Payment received, thank you!");
        assertThat(bot.say("gibberish words").answer()).isEqualTo("Tell the bot something");
        BotTurn bye = bot.say("Bye!");
        assertThat(bye.answer()).isEqualTo("Bye!");
        assertThat(bye.endSession()).isTrue();
    }
}
