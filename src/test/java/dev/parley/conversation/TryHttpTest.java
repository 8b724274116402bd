package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scenario studio's Try it: a real turn for a test client, with the bot's resolution. */
class TryHttpTest {

    private static final String SCENARIO = """
            name: try
            states:
              /Order:
                - intent: {phrases: ["where is my order", "order status", "track my parcel"]}
                - set: {asked: "order", count: 2}
                - text: "Your order number?"
              /Refund:
                - intent: {phrases: ["refund my order", "money back"]}
                - text: "Refunds take a week."
              /Parcel:
                - intent: {phrases: ["parcel lost", "my parcel is damaged"]}
                - text: "Sorry about your parcel."
              /Paid:
                - event: orderPaid
                - text: "Thanks for paying {{data.amount}}."
              /CatchAll:
                - text: "Say that again?"
            """;

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;
    private long channelId;
    private String token;

    @BeforeEach
    void start() {
        server = TestServer.start();
        Http.Response created = server.http().admin("POST", "/api/v1/channels", Map.of("name", "Try",
                "scenario", SCENARIO, "webhookUrl", receiver.url()));
        channelId = created.json().get("id").asLong();
        token = created.json().get("token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    private Http.Response tryTurn(Object body) {
        return server.http().admin("POST", "/api/v1/channels/" + channelId + "/try", body);
    }

    private long clients() {
        return server.adminJson("GET", "/api/v1/channels/" + channelId, null).get("clients").asLong();
    }

    @Test
    void tryAnswersTheEnvelopeWithTheResolutionTheBestCandidatesAndTheVariables() {
        Http.Response response = tryTurn(Map.of("clientId", "studio-1", "query", "where is my order"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("clientId").asText()).isEqualTo("studio-1");
        assertThat(body.at("/data/answer").asText()).isEqualTo("Your order number?");
        JsonNode debug = body.get("debug");
        assertThat(debug.get("state").asText()).isEqualTo("/Order");
        assertThat(debug.get("nlpClass").asText()).isEqualTo("/Order");
        assertThat(debug.get("confidence").asDouble()).isEqualTo(body.at("/data/confidence").asDouble()).isPositive();
        JsonNode candidates = debug.get("candidates");
        assertThat(candidates.size()).isBetween(2, 3);
        assertThat(candidates.get(0).get("state").asText()).isEqualTo("/Order");
        assertThat(candidates.get(0).get("confidence").asDouble())
                .isGreaterThan(candidates.get(1).get("confidence").asDouble());
        assertThat(debug.get("variables")).isEqualTo(Json.object().put("asked", "order").put("count", 2));
    }

    @Test
    void anEventTurnHasNoCandidatesAndSeesItsData() {
        JsonNode body = tryTurn(Map.of("clientId", "studio-2", "event", "orderPaid", "data", Map.of("amount", 12)))
                .json();

        assertThat(body.at("/data/answer").asText()).isEqualTo("Thanks for paying 12.");
        assertThat(body.at("/debug/nlpClass").asText()).isEqualTo("/Paid");
        assertThat(body.at("/debug/candidates").size()).isZero();
    }

    @Test
    void aTestClientIsNotCountedAndItsMessagesNeverReachTheWebhook() {
        assertThat(tryTurn(Map.of("clientId", "tester", "query", "hello")).status()).isEqualTo(200);
        // the test client's async turn, then a sync one in the same lane: its async reply is committed by then
        assertThat(server.http().post("/chatapi/" + token + "/async", Map.of("clientId", "tester", "query", "order status"))
                .status()).isEqualTo(200);
        assertThat(server.http().post("/chatapi/" + token, Map.of("clientId", "tester", "query", "hi")).status())
                .isEqualTo(200);

        assertThat(server.http().post("/chatapi/" + token + "/async", Map.of("clientId", "real", "query", "order status"))
                .status()).isEqualTo(200);

        List<RecordingWebhookReceiver.Call> calls = receiver.await(1, 10_000);
        assertThat(calls.getFirst().json().get(0).get("clientId").asText()).isEqualTo("real");
        assertThat(receiver.calls()).allSatisfy(call -> assertThat(call.body()).doesNotContain("tester"));
        assertThat(clients()).isEqualTo(1);
    }

    @Test
    void aCampaignSkipsTestClientsAndSaysWhy() throws InterruptedException {
        tryTurn(Map.of("clientId", "tester", "query", "hello"));
        long id = server.adminJson("POST", "/api/v1/channels/" + channelId + "/campaigns",
                Map.of("clientIds", List.of("tester", "real"), "text", "Sale!")).get("id").asLong();

        JsonNode campaign = awaitDone(id);

        assertThat(campaign.get("sent").asLong()).isEqualTo(1);
        assertThat(campaign.get("failed").asLong()).isEqualTo(1);
        List<RecordingWebhookReceiver.Call> calls = receiver.await(1, 10_000);
        assertThat(calls.getFirst().body()).contains("\"real\"").contains("Sale!");
        assertThat(receiver.calls()).allSatisfy(call -> assertThat(call.body()).doesNotContain("tester"));
    }

    @Test
    void aClientTheChannelAlreadyServesIsNotTakenOver() {
        server.http().post("/chatapi/" + token, Map.of("clientId", "real", "query", "hello"));

        Http.Response response = tryTurn(Map.of("clientId", "real", "query", "hello"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("error").asText()).isEqualTo("admin.try.real_client");
        assertThat(clients()).isEqualTo(1);
    }

    @Test
    void aTestClientMayTryAgainAndKeepsItsSession() {
        tryTurn(Map.of("clientId", "again", "query", "where is my order"));

        JsonNode second = tryTurn(Map.of("clientId", "again", "query", "money back")).json();

        assertThat(second.at("/debug/nlpClass").asText()).isEqualTo("/Refund");
        assertThat(second.at("/debug/variables/asked").asText()).as("the session carried over").isEqualTo("order");
    }

    @Test
    void badInputIsA4xxAndStoresNothing() {
        String path = "/api/v1/channels/" + channelId + "/try";
        assertThat(tryTurn(Map.of("query", "hello")).status()).isEqualTo(400);
        assertThat(tryTurn(Map.of("clientId", "", "query", "hello")).status()).isEqualTo(400);
        assertThat(tryTurn(Map.of("clientId", "x")).status()).isEqualTo(400);
        assertThat(tryTurn(Map.of("clientId", "x", "query", "a", "event", "b")).status()).isEqualTo(400);
        assertThat(tryTurn(Map.of("clientId", "x", "query", "a", "data", "text")).status()).isEqualTo(400);
        assertThat(tryTurn(List.of("x")).status()).isEqualTo(400);
        assertThat(server.http().admin("POST", path, "{\"clientId\": ").status()).isEqualTo(400);
        assertThat(server.http().admin("POST", "/api/v1/channels/999999/try", Map.of("clientId", "x", "query", "a"))
                .status()).isEqualTo(404);
        assertThat(server.http().send("POST", path, "{\"clientId\": \"x\", \"query\": \"a\"}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(401);
        Http.Response missing = tryTurn(Map.of("clientId", "x"));
        assertThat(missing.json().get("message").asText()).contains("query or event");
        assertThat(server.http().get("/chatapi/" + token + "/client/x/history").json().get("messages").size())
                .isZero();
    }

    @Test
    void tryWorksOnAnExternalBotWithWhatIsKnown() throws IOException {
        HttpServer bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bot.createContext("/bot", exchange -> {
            byte[] answer = """
                    {"replies": [{"type": "text", "text": "external says hi"}], "nlpClass": "/echo",
                     "confidence": 0.7, "session": {"turns": 1}}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        bot.start();
        try {
            long external = server.adminJson("POST", "/api/v1/channels", Map.of("name", "Ext", "bot",
                    Map.of("type", "http", "url", "http://127.0.0.1:" + bot.getAddress().getPort() + "/bot")))
                    .get("id").asLong();

            Http.Response response = server.http().admin("POST", "/api/v1/channels/" + external + "/try",
                    Map.of("clientId", "ext", "query", "hello"));

            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.at("/data/answer").asText()).isEqualTo("external says hi");
            assertThat(body.at("/debug/nlpClass").asText()).isEqualTo("/echo");
            assertThat(body.at("/debug/confidence").asDouble()).isEqualTo(0.7);
            assertThat(body.at("/debug/candidates").size()).isZero();
        } finally {
            bot.stop(0);
        }
    }

    private JsonNode awaitDone(long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode campaign = null;
        while (System.currentTimeMillis() < deadline) {
            campaign = server.adminJson("GET", "/api/v1/campaigns/" + id, null);
            if (campaign.get("status").asText().equals("DONE")) {
                return campaign;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("campaign never finished: " + campaign);
    }
}
