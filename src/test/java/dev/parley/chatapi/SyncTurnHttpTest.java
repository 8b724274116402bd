package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyncTurnHttpTest {

    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.channel(Scenarios.SHOP, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Response say(String clientId, String query) {
        return server.http().post("/chatapi/" + token, Json.object().put("clientId", clientId).put("query", query));
    }

    @Test
    void syncRequestReturnsTheVendorEnvelope() {
        Http.Response response = server.http().post("/chatapi/" + token,
                Map.of("clientId", "env-1", "query", "hello", "cid", "tab-1", "data", Map.of("name", "Ann")));

        assertThat(response.status()).isEqualTo(200);
        JsonNode envelope = response.json();
        assertThat(envelope.get("token").asText()).isEqualTo(token);
        assertThat(envelope.get("clientId").asText()).isEqualTo("env-1");
        assertThat(envelope.get("questionId").asText()).matches("[0-9a-f-]{36}");
        assertThat(envelope.get("cid").asText()).isEqualTo("tab-1");
        assertThat(envelope.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        JsonNode data = envelope.get("data");
        assertThat(data.get("nlpClass").asText()).isEqualTo("/Hello");
        assertThat(data.get("confidence").asDouble()).isEqualTo(1.0);
        assertThat(data.get("answer").asText()).isEqualTo("Hello, Ann!");
        assertThat(data.get("replies").get(0).get("type").asText()).isEqualTo("text");
        assertThat(data.get("replies").get(0).get("state").asText()).isEqualTo("/Hello");
        assertThat(data.get("replies").get(1).get("type").asText()).isEqualTo("buttons");
        assertThat(data.get("newSessionStarted").asBoolean()).isTrue();
        assertThat(data.get("endSession").asBoolean()).isFalse();
        assertThat(data.get("debugData").isArray()).isTrue();
        assertThat(envelope.get("blockForm").asBoolean()).isTrue();
    }

    @Test
    void fallbackHasNegativeConfidenceAndNoBlockFormWithoutButtons() {
        JsonNode envelope = say("fb-1", "qwerty asdf").json();

        assertThat(envelope.at("/data/nlpClass").asText()).isEqualTo("/CatchAll");
        assertThat(envelope.at("/data/confidence").asDouble()).isNegative();
        assertThat(envelope.at("/data/answer").asText()).isEqualTo("Tell the bot something");
        assertThat(envelope.get("blockForm").asBoolean()).isFalse();
    }

    @Test
    void sessionContinuesThenEndsAndTheNextRequestOpensANewOne() {
        assertThat(say("s-1", "hello").json().at("/data/newSessionStarted").asBoolean()).isTrue();
        assertThat(say("s-1", "where is my order").json().at("/data/newSessionStarted").asBoolean()).isFalse();
        JsonNode bye = say("s-1", "Bye").json();
        assertThat(bye.at("/data/endSession").asBoolean()).isTrue();
        assertThat(say("s-1", "hello").json().at("/data/newSessionStarted").asBoolean()).isTrue();
    }

    @Test
    void buttonWithGotoLeadsToItsState() {
        say("b-1", "hello");
        JsonNode envelope = say("b-1", "bye").json();
        assertThat(envelope.at("/data/nlpClass").asText()).isEqualTo("/Bye");
    }

    @Test
    void eventRunsItsState() {
        JsonNode envelope = server.http().post("/chatapi/" + token, Map.of("clientId", "ev-1", "event", "orderPaid"))
                .json();
        assertThat(envelope.at("/data/nlpClass").asText()).isEqualTo("/Paid");
        assertThat(envelope.at("/data/answer").asText()).isEqualTo("Payment received, thank you!");
    }

    @Test
    void simplifiedGetAnswersWithTheSameEnvelope() {
        Http.Response response = server.http().get("/chatapi/" + token + "?clientId=g-1&query=hello");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/data/answer").asText()).isEqualTo("Hello, friend!");
    }

    @Test
    void chatadapterPrefixServesTheSameApi() {
        Http.Response response = server.http().post("/chatadapter/chatapi/" + token,
                Map.of("clientId", "p-1", "query", "hello"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/data/nlpClass").asText()).isEqualTo("/Hello");
    }

    @Test
    void escapedColonInTheTokenIsDecoded() {
        Http.Response response = server.http().post("/chatapi/" + token.replace(":", "%3A"),
                Map.of("clientId", "enc-1", "query", "hello"));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void idempotencyKeyRepeatReturnsTheFirstAnswerAndRunsNothingTwice() {
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "k-1");
        Http.Response first = server.http().send("POST", "/chatapi/" + token,
                Map.of("clientId", "idem-1", "query", "hello"), headers);
        Http.Response again = server.http().send("POST", "/chatapi/" + token,
                Map.of("clientId", "idem-1", "query", "hello"), headers);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("questionId")).isEqualTo(first.json().get("questionId"));
        JsonNode history = server.http().get("/chatapi/" + token + "/client/idem-1/history").json();
        assertThat(history.get("totalCount").asInt()).isEqualTo(2);
    }

    @Test
    void anAsyncRequestWithAnIdempotencyKeyIsAnsweredOnceAndItsReplyArrives() {
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "async-k-1");
        Http.Response first = server.http().send("POST", "/chatapi/" + token + "/async",
                Map.of("clientId", "idem-async", "query", "hello"), headers);
        Http.Response again = server.http().send("POST", "/chatapi/" + token + "/async",
                Map.of("clientId", "idem-async", "query", "hello"), headers);
        assertThat(again.json().get("questionId")).isEqualTo(first.json().get("questionId"));

        // without all=true the poll waits for the reply, instead of answering at once with the stored request
        JsonNode events = server.http().get("/chatapi/" + token + "/events?clientId=idem-async&timeout=5")
                .json().get("events");
        assertThat(events.toString()).as("the bot's reply to the accepted request").contains("botResponse");
        JsonNode history = server.http().get("/chatapi/" + token + "/client/idem-async/history").json();
        assertThat(history.get("totalCount").asInt()).isEqualTo(2);
    }

    @Test
    void racingRequestsWithOneIdempotencyKeyGetOneAnswerAndRunOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String clientId = "race-" + i;
            String target = i % 2 == 0 ? "/chatapi/" + token : "/chatapi/" + token + "/async";
            answers.add(pool.submit(() -> server.http().send("POST", target,
                    Map.of("clientId", clientId, "query", "hello"),
                    Map.of("Content-Type", "application/json", "Idempotency-Key", "race-key"))));
        }
        Set<String> questionIds = new HashSet<>();
        for (Future<Http.Response> answer : answers) {
            Http.Response r = answer.get();
            assertThat(r.status()).isEqualTo(200);
            questionIds.add(r.json().get("questionId").asText());
        }
        pool.shutdown();
        assertThat(questionIds).hasSize(1);
    }

    @Test
    void corsPreflightIsAnsweredForAnyOrigin() {
        Http.Response response = server.http().send("OPTIONS", "/chatapi/" + token, null, Map.of(
                "Origin", "https://app.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type"));
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
        assertThat(response.header("Access-Control-Allow-Methods")).contains("POST");
    }
}
