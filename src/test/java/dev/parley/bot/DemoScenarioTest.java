package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.outbound.OutboundPolicy;
import org.junit.jupiter.api.Test;

/** The demo scenario the server deploys on first start compiles, passes its tests and needs no network. */
class DemoScenarioTest {

    private final String source = BotHarness.resource("/dev/parley/bot/demo.yaml");
    private final BotHarness bot = new BotHarness(source);

    @Test
    void compilesOnTheRealHttpClientWithoutCallingOut() {
        BotEngine engine = new BotEngine(new JdkHttpBlockClient(new OutboundPolicy(false)), () -> false);

        Scenario scenario = new ScenarioCompiler(engine).compile(source);

        assertThat(scenario.name()).isEqualTo("demo");
        assertThat(source).doesNotContain("http:");
    }

    @Test
    void greetsOffersButtonsAndChecksAnOrder() {
        BotTurn start = bot.say("/start");
        BotTurn asked = bot.say("check an order");
        BotTurn shipped = bot.say("2024");

        assertThat(start.replies()).hasSize(2).last().isInstanceOf(Reply.Buttons.class);
        assertThat(asked.nlpClass()).isEqualTo("/Order");
        assertThat(shipped.answer()).isEqualTo("Order 2024 has shipped and should arrive within 3 days.");
    }

    @Test
    void reasksForAnOrderNumberAndFallsBackOtherwise() {
        bot.say("has my package shipped?");

        assertThat(bot.say("no idea").answer()).startsWith("Sure. What is your order number?");
        assertThat(bot.say("9999").answer()).isEqualTo("I could not find order 9999. Please check the number.");
        assertThat(bot.say("purple elephants").nlpClass()).isEqualTo("/CatchAll");
    }
}
