package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpBlockTest {

    private static final String SCENARIO = """
            states:
              /Order:
                - intent: {patterns: ["order *"]}
                - set: {order: "{{data.order}}", token: secret}
                - http:
                    method: POST
                    url: "https://shop.example/api/orders/{{order}}?src=bot"
                    headers: {Authorization: "Bearer {{token}}"}
                    body: {id: "{{order}}", note: "order {{order}}", tags: ["{{token}}"]}
                    save: {status: "$.status", first: "$.items[0].name", missing: "$.nope"}
                    timeout: 2s
                    ok: /Ok
                    fail: /Fail
              /Ok:
                - text: "Order {{order}} is {{status}} ({{first}}{{missing | default: ''}})"
              /Fail:
                - text: "Could not check {{order}}"
            """;

    private final ObjectMapper json = new ObjectMapper();
    private final BotHarness bot = BotHarness.of(SCENARIO);

    private BotTurn order(int number) {
        return bot.run(BotRequest.query("order please", json.createObjectNode().put("order", number)));
    }

    private BotTurn order(String number) {
        return bot.run(BotRequest.query("order please", json.createObjectNode().put("order", number)));
    }

    @Test
    void successSavesValuesFromTheJsonAnswerAndGoesToOk() {
        bot.http.respond(200, "{\"status\":\"shipped\",\"items\":[{\"name\":\"Lamp\"}]}");

        BotTurn turn = order(42);

        assertThat(turn.nlpClass()).isEqualTo("/Order");
        assertThat(turn.answer()).isEqualTo("Order 42 is shipped (Lamp)");
        assertThat(turn.session().variables().path("missing").isNull()).isTrue();
    }

    @Test
    void sendsTheRenderedRequest() {
        bot.http.respond(204, "");

        order(42);

        HttpBlockRequest request = bot.http.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.url()).hasToString("https://shop.example/api/orders/42?src=bot");
        assertThat(request.headers()).containsEntry("Authorization", "Bearer secret")
                .containsEntry("Content-Type", "application/json");
        assertThat(request.body()).isEqualTo("{\"id\":42,\"note\":\"order 42\",\"tags\":[\"secret\"]}");
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void clientTextIsPercentEncodedInTheUrl() {
        bot.http.respond(200, "{}");

        order("1/../admin?x=1 2");

        assertThat(bot.http.lastRequest().url().toString())
                .isEqualTo("https://shop.example/api/orders/1%2F..%2Fadmin%3Fx%3D1%202?src=bot");
    }

    @Test
    void errorStatusGoesToFail() {
        bot.http.respond(404, "{\"status\":\"unknown\"}");

        BotTurn turn = order(7);

        assertThat(turn.answer()).isEqualTo("Could not check 7");
        assertThat(turn.session().variables().has("status")).isFalse();
    }

    @Test
    void networkErrorOrTimeoutGoesToFail() {
        bot.http.fail("timed out after 2000 ms");

        assertThat(order(7).answer()).isEqualTo("Could not check 7");
    }

    @Test
    void aThrowingClientCountsAsFailure() {
        BotEngine engine = new BotEngine(request -> {
            throw new IllegalStateException("boom");
        }, () -> true);
        Scenario scenario = new ScenarioCompiler(engine).compile(SCENARIO);

        BotTurn turn = engine.run(scenario, BotSession.empty(), BotRequest.query("order 5"));

        assertThat(turn.answer()).isEqualTo("Could not check ");
    }

    @Test
    void withoutOkAndFailTheStateContinues() {
        BotHarness plain = BotHarness.of("""
                states:
                  /Joke:
                    - intent: {patterns: ["joke"]}
                    - http: {url: "https://jokes.example/random", save: {joke: "$"}}
                    - text: "{{joke}}"
                """);
        plain.http.respond(200, "Why did the bot cross the road?");

        assertThat(plain.say("joke").answer()).isEqualTo("Why did the bot cross the road?");
        assertThat(plain.http.lastRequest().method()).isEqualTo("GET");
    }

    @Test
    void jsonPathReadsFieldsIndexesAndQuotedNames() throws Exception {
        var root = json.readTree("{\"a\":{\"b\":[{\"c\":1},{\"c\":2}]},\"odd key\":true}");

        assertThat(JsonPath.parse("$.a.b[1].c").read(root).asInt()).isEqualTo(2);
        assertThat(JsonPath.parse("$['odd key']").read(root).asBoolean()).isTrue();
        assertThat(JsonPath.parse("$").read(root)).isEqualTo(root);
        assertThat(JsonPath.parse("$.a.x[3]").read(root).isMissingNode()).isTrue();
        assertThatThrownBy(() -> JsonPath.parse("a.b")).hasMessageContaining("must start with $");
        assertThatThrownBy(() -> JsonPath.parse("$.a..b")).hasMessageContaining("unexpected");
    }
}
