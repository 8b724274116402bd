package dev.parley.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An external bot written for the vendor's service answers with reply types Parley has no block for: they reach the
 * client as they are, in the sync answer, the events, the history and the webhook; only what is no reply is dropped.
 */
class ExternalBotRepliesHttpTest {

    /** A carousel, a number, a raw reply, an object without a type, and a type of the bot's own. */
    private static final String CARDS = """
            {"replies": [
               {"type": "carousel", "text": "Our hotels", "content": [
                  {"title": "Ritz", "description": "5 stars", "image": "https://i.example/r.png",
                   "url": "https://r.example", "btnText": "Book", "methodType": "GET"}]},
               42,
               {"type": "raw", "body": {"widget": "map", "zoom": 12, "layers": ["a", {"b": null}]}},
               {"text": "I have no type"},
               {"type": "productCard", "sku": "A-1", "price": 9.5, "state": "/catalog"}],
             "nlpClass": "/hotels"}""";
    private static final String MENU = """
            {"replies": [{"type": "text", "text": "Pick one", "markup": "markdown"},
                         {"type": "inlineButtons", "buttons": [{"text": "More", "transition": "/more"}]},
                         {"type": "text", "text": "or ask me"}]}""";

    /** A reply nested as deep as the bot's answer may be (60 levels in all). */
    private static final String DEEP = "{\"replies\": [{\"type\": \"raw\", \"body\": " + "{\"a\": ".repeat(56)
            + "1" + "}".repeat(56) + "}]}";

    private static TestServer server;
    private static HttpServer bot;
    private static RecordingWebhookReceiver webhook;
    private static String token;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        webhook = new RecordingWebhookReceiver();
        bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bot.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        bot.createContext("/bot", exchange -> {
            JsonNode asked = Json.readTrusted(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String query = asked.path("query").asText();
            byte[] answer = (query.equals("menu") ? MENU : query.equals("deep") ? DEEP : CARDS)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        bot.start();
        token = server.channel(Json.object().put("name", "hotels").put("blockForm", true)
                .put("webhookUrl", webhook.url())
                .set("bot", Json.object().put("type", "http").put("url", "http://127.0.0.1:"
                        + bot.getAddress().getPort() + "/bot")));
    }

    @AfterAll
    static void stop() {
        bot.stop(0);
        webhook.close();
        server.close();
    }

    /** The valid replies of {@link #CARDS}, in order, each with the state the bot named (or its own). */
    private static JsonNode expectedCards() {
        JsonNode all = Json.readTrusted(CARDS).get("replies");
        return Json.mapper().createArrayNode()
                .add(((ObjectNode) all.get(0).deepCopy()).put("state", "/hotels"))
                .add(((ObjectNode) all.get(2).deepCopy()).put("state", "/hotels"))
                .add(all.get(4));
    }

    @Test
    void unknownTypesPassThroughWholeAndOnlyWhatIsNoReplyIsDroppedWithOneWarning() {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler recorder = recorder(warnings);
        Logger logger = Logger.getLogger("dev.parley.bot.ExternalBot");
        logger.addHandler(recorder);
        Http.Response turn;
        try {
            turn = server.http().post("/chatapi/" + token, Map.of("clientId", "ann", "query", "hotels please"));
        } finally {
            logger.removeHandler(recorder);
        }

        assertThat(turn.status()).as(turn.text()).isEqualTo(200);
        JsonNode envelope = turn.json();
        assertThat(envelope.at("/data/replies")).isEqualTo(expectedCards());
        assertThat(envelope.at("/data/answer").asText()).isEmpty();
        assertThat(envelope.get("blockForm").asBoolean()).isFalse();
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.getMessage())
                .contains("channel").contains("(hotels)").contains("2 replies").contains("#2 42")
                .contains("#4 {\"text\":\"I have no type\"}"));

        JsonNode history = server.http().get("/chatapi/" + token + "/client/ann/history?order=desc&limit=1").json();
        assertThat(history.at("/messages/0/author").asText()).isEqualTo("BOT");
        assertThat(history.at("/messages/0/replies")).isEqualTo(expectedCards());
        JsonNode events = server.http().get("/chatapi/" + token + "/events?clientId=ann&all=true&ts=0&timeout=0")
                .json();
        assertThat(events.at("/events/1/type").asText()).isEqualTo("botResponse");
        assertThat(events.at("/events/1/event/data/replies")).isEqualTo(expectedCards());
    }

    @Test
    void theWebhookGetsTheRepliesWhole() {
        Http.Response accepted = server.http().post("/chatapi/" + token + "/async",
                Map.of("clientId", "bea", "query", "hotels"));
        assertThat(accepted.status()).isEqualTo(200);

        RecordingWebhookReceiver.Call call = webhook.await(1, 15_000,
                c -> c.json().at("/0/clientId").asText().equals("bea")).getFirst();

        assertThat(call.json().at("/0/data/replies")).isEqualTo(expectedCards());
    }

    @Test
    void answerJoinsTheTextRepliesAndInlineButtonsSetBlockForm() {
        JsonNode envelope = server.http().post("/chatapi/" + token, Map.of("clientId", "cy", "query", "menu")).json();

        assertThat(envelope.at("/data/answer").asText()).isEqualTo("Pick one\n\nor ask me");
        assertThat(envelope.get("blockForm").asBoolean()).isTrue();
        assertThat(envelope.at("/data/replies/0/markup").asText()).isEqualTo("markdown");
        assertThat(envelope.at("/data/replies/1/buttons/0/transition").asText()).isEqualTo("/more");
    }

    @Test
    void theDeepestReplyABotMayAnswerIsStoredAndReadBack() {
        Http.Response turn = server.http().post("/chatapi/" + token, Map.of("clientId", "dee", "query", "deep"));
        Http.Response history = server.http().get("/chatapi/" + token + "/client/dee/history?order=desc&limit=1");

        assertThat(turn.status()).as(turn.text()).isEqualTo(200);
        assertThat(turn.json().at("/data/replies/0/type").asText()).isEqualTo("raw");
        assertThat(history.status()).as(history.text()).isEqualTo(200);
        assertThat(history.json().at("/messages/0/replies")).isEqualTo(turn.json().at("/data/replies"));
    }

    private static Handler recorder(List<LogRecord> warnings) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
                // nothing buffered
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
