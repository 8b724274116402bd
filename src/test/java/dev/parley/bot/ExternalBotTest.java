package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A channel whose bot lives elsewhere: the scenario names it, each turn asks it over HTTP. */
class ExternalBotTest {

    private static final String SOURCE = """
            bot:
              type: http
              url: http://bots.example/answer
              timeout: 2s
            """;

    private final FakeHttpBlockClient http = new FakeHttpBlockClient();
    private final BotEngine engine = new BotEngine(http, () -> false);
    private final ScenarioCompiler compiler = new ScenarioCompiler(engine);

    @Test
    void aBotSectionCompilesToAnExternalBotWithItsUrlAndTimeout() {
        Scenario scenario = compiler.compile(SOURCE);
        assertThat(scenario.external()).contains(new ExternalBot(java.net.URI.create("http://bots.example/answer"),
                Duration.ofSeconds(2)));
        assertThat(scenario.statePaths()).isEmpty();
    }

    @Test
    void everyProblemOfTheBotSectionIsReportedWithItsLine() {
        List<ScenarioProblem> problems = catchThrowableOfType(InvalidScenarioException.class, () -> compiler.compile("""
                bot:
                  type: grpc
                  url: /relative
                  retries: 3
                states: {}
                """)).problems();
        assertThat(problems).extracting(ScenarioProblem::message).anySatisfy(m -> assertThat(m).contains("retries"))
                .anySatisfy(m -> assertThat(m).contains("bot type must be http, not grpc"))
                .anySatisfy(m -> assertThat(m).contains("absolute http or https URL"))
                .anySatisfy(m -> assertThat(m).contains("unknown field 'states'"));
        assertThat(catchThrowableOfType(InvalidScenarioException.class, () -> compiler.compile("bot: {type: http}"))
                .problems()).extracting(ScenarioProblem::message).containsExactly("bot needs a url");
        assertThat(catchThrowableOfType(InvalidScenarioException.class, () -> compiler.compile(
                "bot: {type: http, url: 'http://bots.example', timeout: 5m}")).problems())
                .extracting(ScenarioProblem::message).singleElement().asString().contains("at most 30s");
    }

    @Test
    void theBotGetsTheRequestAndItsSessionAndItsAnswerBecomesTheTurn() throws Exception {
        http.respond(200, """
                {"replies": [{"type": "text", "text": "Hi Ann"},
                             {"type": "buttons", "buttons": [{"text": "Menu"}, {"text": "Site", "url": "https://x.example"}]},
                             {"type": "image", "imageUrl": "https://x.example/a.png"}],
                 "session": {"name": "Ann"}, "nlpClass": "/greet", "confidence": 0.75, "endSession": true}""");
        BotSession before = new BotSession((com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper()
                .readTree("{\"step\": 1}"), "", List.of(), null);
        BotTurn turn = engine.run(compiler.compile(SOURCE), before,
                BotRequest.query("hello", JsonNodeFactory.instance.objectNode().put("lang", "en")).from("c1", "q1"));

        HttpBlockRequest sent = http.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.url()).hasToString("http://bots.example/answer");
        assertThat(sent.timeout()).isEqualTo(Duration.ofSeconds(2));
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertThat(body.path("clientId").asText()).isEqualTo("c1");
        assertThat(body.path("questionId").asText()).isEqualTo("q1");
        assertThat(body.path("query").asText()).isEqualTo("hello");
        assertThat(body.path("data").path("lang").asText()).isEqualTo("en");
        assertThat(body.path("session").path("step").asInt()).isEqualTo(1);

        assertThat(turn.nlpClass()).isEqualTo("/greet");
        assertThat(turn.confidence()).isEqualTo(0.75);
        assertThat(turn.endSession()).isTrue();
        assertThat(turn.answer()).isEqualTo("Hi Ann");
        assertThat(turn.replies()).hasSize(3);
        assertThat(new ObjectMapper().writeValueAsString(turn.replies().get(1))).isEqualTo("{\"type\":\"buttons\","
                + "\"buttons\":[{\"text\":\"Menu\"},{\"text\":\"Site\",\"url\":\"https://x.example\"}],"
                + "\"state\":\"/greet\"}");
        assertThat(turn.session().variables().path("name").asText()).isEqualTo("Ann");
    }

    @Test
    void aFailingOrMalformedAnswerEndsTheTurnWithoutRepliesAndKeepsTheSession() {
        Scenario scenario = compiler.compile(SOURCE);
        BotSession session = BotSession.empty();
        session.variables().put("step", 2);
        String tooDeep = "{\"replies\": [], \"session\": " + "{\"a\": ".repeat(70) + "1" + "}".repeat(70) + "}";
        http.respond(503, "busy").fail("connection refused").respond(200, "not json")
                .respond(200, "{\"replies\": [{\"type\": 5}]}").respond(200, "{\"replies\": \"hi\"}")
                .respond(200, tooDeep)
                .respond(200, "{\"replies\": [], \"replies\": [{\"type\": \"text\", \"text\": \"which one?\"}]}")
                .respond(200, "{\"replies\": [{\"type\": \"text\", \"text\": \"hi\"}]} trailing");
        for (int i = 0; i < 8; i++) {
            BotTurn turn = engine.run(scenario, session, BotRequest.event("start"));
            assertThat(turn.replies()).isEmpty();
            assertThat(turn.session().variables().path("step").asInt()).isEqualTo(2);
        }
        assertThat(http.requests()).hasSize(8);
    }

    @Test
    void repliesOfAnyTypePassThroughAsTheyAreAndOnlyMalformedOnesAreLeftOut() throws Exception {
        http.respond(200, """
                {"replies": [{"type": "carousel", "text": "Pick", "content": [{"title": "A", "extra": {"x": 1}}]},
                             42, {"type": "raw", "body": {"k": [1, 2]}, "state": "/own"},
                             {"text": "no type"}, {"type": "text", "text": "Hi", "tts": "Hai"},
                             {"type": "myWidget", "payload": null}, "text", {"type": ["text"]}],
                 "nlpClass": "/ext"}""");

        BotTurn turn = engine.run(compiler.compile(SOURCE), BotSession.empty(),
                BotRequest.query("hi").on("channel 7 (shop)"));

        assertThat(new ObjectMapper().writeValueAsString(turn.replies())).isEqualTo("""
                [{"type":"carousel","text":"Pick","content":[{"title":"A","extra":{"x":1}}],"state":"/ext"},\
                {"type":"raw","body":{"k":[1,2]},"state":"/own"},\
                {"type":"text","text":"Hi","tts":"Hai","state":"/ext"},\
                {"type":"myWidget","payload":null,"state":"/ext"}]""");
        assertThat(turn.answer()).isEqualTo("Hi");
    }

    @Test
    void anExternalBotsRepliesKeepTheTurnLimitsOfAHundredRepliesAndFiftyThousandCharacters() {
        String replies = ("{\"type\": \"text\", \"text\": \"" + "x".repeat(30_000) + "\", \"tts\": \"t\"},")
                .repeat(2) + "{\"type\": \"raw\", \"body\": {}},".repeat(120);
        http.respond(200, "{\"replies\": [" + replies.substring(0, replies.length() - 1) + "]}");

        BotTurn turn = engine.run(compiler.compile(SOURCE), BotSession.empty(), BotRequest.query("hi"));

        assertThat(turn.replies()).hasSize(ReplySink.MAX_REPLIES);
        assertThat(turn.answer()).hasSize(ReplySink.MAX_TEXT_CHARS + 2);
        assertThat(turn.replies().get(1).toString()).contains("\"tts\":\"t\"");
    }

    @Test
    void aClientThatThrowsEndsTheTurnWithoutRepliesInsteadOfFailingIt() {
        Scenario scenario = compiler.compile(SOURCE);
        BotEngine throwing = new BotEngine(request -> {
            throw new IllegalStateException("the HTTP client is closed");
        }, () -> false);

        BotTurn turn = throwing.run(scenario, BotSession.empty(), BotRequest.event("start"));

        assertThat(turn.replies()).isEmpty();
    }
}
