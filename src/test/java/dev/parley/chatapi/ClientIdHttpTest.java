package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client ids as real integrations send them: ticket numbers as JSON numbers, and ids with reserved characters. */
class ClientIdHttpTest {

    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.channel(Scenarios.SHOP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String encoded(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void aNumericClientIdIsTheStringOfItsDigitsOnEveryMethod() {
        String chat = "/chatapi/" + token;

        Http.Response sync = server.http().post(chat, Json.readTrusted("{\"clientId\": 4242, \"query\": \"hi\"}"));
        Http.Response simple = server.http().get(chat + "?clientId=4242&query=hello");
        int stored = server.http().get(chat + "/client/4242/history").json().get("totalCount").asInt();
        Http.Response async = server.http().post(chat + "/async",
                Json.readTrusted("{\"clientId\": 4242, \"query\": \"bye\"}"));
        JsonNode pushed = server.http().get(chat + "/events?clientId=4242&timeout=20").json();

        assertThat(sync.status()).as(sync.text()).isEqualTo(200);
        assertThat(sync.json().get("clientId").isTextual()).isTrue();
        assertThat(sync.json().get("clientId").textValue()).isEqualTo("4242");
        assertThat(simple.json().at("/data/answer").asText()).isEqualTo("Hello, friend!");
        assertThat(stored).isEqualTo(4);
        assertThat(async.status()).as(async.text()).isEqualTo(200);
        assertThat(async.json().get("clientId").textValue()).isEqualTo("4242");
        assertThat(pushed.at("/events/0/type").asText()).isEqualTo("botResponse");
        assertThat(pushed.at("/events/0/event/clientId").textValue()).isEqualTo("4242");
        assertThat(pushed.at("/events/0/event/data/answer").asText()).isEqualTo("Bye!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "{\"id\": 1}", "[4242]", "42.5", "1e3"})
    void otherNonStringClientIdsAreA400NamingTheFieldAndStoreNothing(String clientId) {
        String body = "{\"clientId\": " + clientId + ", \"query\": \"hi\"}";

        Http.Response sync = server.http().post("/chatapi/" + token, body);
        Http.Response async = server.http().post("/chatapi/" + token + "/async", body);

        for (Http.Response response : List.of(sync, async)) {
            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(response.json().get("message").asText())
                    .startsWith("Invalid request payload: clientId must be a string or a whole number, not ");
        }
        for (String asText : List.of("true", "42.5", "1000", "1e3")) {
            assertThat(server.http().get("/chatapi/" + token + "/client/" + asText + "/history").json()
                    .get("totalCount").asInt()).isZero();
        }
    }

    @Test
    void campaignsTakeNumericClientIdsToo() {
        long channelId = server.http().admin("GET", "/api/v1/channels", null).json().at("/items/0/id").asLong();

        Http.Response created = server.http().admin("POST", "/api/v1/channels/" + channelId + "/campaigns",
                Json.readTrusted("{\"clientIds\": [\"ann\", 77], \"text\": \"Sale!\"}"));
        Http.Response bad = server.http().admin("POST", "/api/v1/channels/" + channelId + "/campaigns",
                Json.readTrusted("{\"clientIds\": [1.5], \"text\": \"Sale!\"}"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("total").asInt()).isEqualTo(2);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).contains("clientIds[0] must be a string or a whole number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"in/dialog1.txt", "a b", "ü@x.org", "a+b%/?#;="})
    void anIdWithReservedCharactersWorksOnEveryClientPathWhenPercentEncoded(String id) {
        for (String prefix : List.of("/chatapi/", "/chatadapter/chatapi/")) {
            String chat = prefix + token;
            String client = chat + "/client/" + encoded(id);
            Http.Response turn = server.http().post(chat, Map.of("clientId", id, "query", "hello"));
            assertThat(turn.json().get("clientId").asText()).isEqualTo(id);
            String questionId = turn.json().get("questionId").asText();

            Http.Response history = server.http().get(client + "/history?order=desc&limit=2");
            Http.Response saved = server.http().post(client + "/state", Map.of("page", id));
            Http.Response state = server.http().get(client + "/state");
            Http.Response status = server.http().get(client + "/message/" + questionId + "/status");
            Http.Response delivered = server.http().post(client + "/message/" + questionId + "/status",
                    Map.of("status", "DELIVERED"));
            Http.Response unread = server.http().get(client + "/message-not-read-count");
            Http.Response read = server.http().post(client + "/message-statuses",
                    Map.of("statuses", List.of(Map.of("questionId", questionId, "status", "READ"))));
            Http.Response events = server.http().get(chat + "/events?all=true&ts=0&timeout=0&clientId=" + encoded(id));

            assertThat(history.status()).as(history.text()).isEqualTo(200);
            assertThat(history.json().at("/messages/0/questionId").asText()).isEqualTo(questionId);
            assertThat(history.json().at("/messages/1/textMessage").asText()).isEqualTo("hello");
            assertThat(saved.status()).as(saved.text()).isEqualTo(200);
            assertThat(state.json().get("page").asText()).isEqualTo(id);
            assertThat(status.json().get("status").asText()).isEqualTo("SENT");
            assertThat(delivered.json().get("status").asText()).isEqualTo("DELIVERED");
            assertThat(unread.json().get("count").asInt()).isEqualTo(1);
            assertThat(read.json().at("/statuses/0/status").asText()).isEqualTo("READ");
            assertThat(events.json().get("events").findValuesAsText("clientId")).isNotEmpty().containsOnly(id);
        }
        Http.Response wrongMethod = server.http().send("DELETE", "/chatapi/" + token + "/client/" + encoded(id)
                + "/state", null, Map.of());
        assertThat(wrongMethod.status()).as(wrongMethod.text()).isEqualTo(405);
    }

    @Test
    void aLiteralSlashInTheIdIsNoClientPath() {
        Http.Response history = server.http().get("/chatapi/" + token + "/client/in/dialog1.txt/history");

        assertThat(history.status()).isEqualTo(404);
        assertThat(history.json().get("error").asText()).isEqualTo("http.not_found");
    }
}
