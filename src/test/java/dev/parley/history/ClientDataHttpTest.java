package dev.parley.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History, state and message statuses over HTTP. */
class ClientDataHttpTest {

    private static TestServer server;
    private static String path;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        path = "/chatapi/" + server.channel(Scenarios.SHOP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String say(String clientId, String query) {
        return server.http().post(path, Map.of("clientId", clientId, "query", query)).json()
                .get("questionId").asText();
    }

    @Test
    void historyListsClientAndBotMessagesInOrder() {
        String q1 = say("h-1", "hello");
        say("h-1", "bye");

        JsonNode page = server.http().get(path + "/client/h-1/history").json();

        assertThat(page.get("totalCount").asInt()).isEqualTo(4);
        JsonNode first = page.get("messages").get(0);
        assertThat(first.get("questionId").asText()).isEqualTo(q1);
        assertThat(first.get("author").asText()).isEqualTo("CLIENT");
        assertThat(first.get("textMessage").asText()).isEqualTo("hello");
        assertThat(first.get("timestamp").asText()).endsWith("Z");
        JsonNode reply = page.get("messages").get(1);
        assertThat(reply.get("author").asText()).isEqualTo("BOT");
        assertThat(reply.get("textMessage").asText()).isEqualTo("Hello, friend!");
        assertThat(reply.get("replies")).hasSize(2);
        assertThat(reply.get("status").asText()).isEqualTo("SENT");
    }

    @Test
    void historyPagesWithLimitOffsetOrderAndAliases() {
        for (int i = 0; i < 5; i++) {
            say("h-2", "hello " + i);
        }
        JsonNode newest = server.http().get(path + "/client/h-2/history?order=desc&limit=2").json();
        assertThat(newest.get("totalCount").asInt()).isEqualTo(10);
        assertThat(newest.get("messages")).hasSize(2);
        assertThat(newest.get("messages").get(0).get("author").asText()).isEqualTo("BOT");
        assertThat(newest.get("messages").get(1).get("textMessage").asText()).isEqualTo("hello 4");

        JsonNode second = server.http().get(path + "/client/h-2/history?limit=2&offset=2").json();
        assertThat(second.get("messages").get(0).get("textMessage").asText()).isEqualTo("hello 1");

        long future = System.currentTimeMillis() + 60_000;
        JsonNode none = server.http().get(path + "/client/h-2/history?fromTimestamp=" + future).json();
        assertThat(none.get("totalCount").asInt()).isZero();
        assertThat(none.get("messages")).isEmpty();
    }

    @Test
    void eventRequestsAppearWithEventData() {
        server.http().post(path, Map.of("clientId", "h-3", "event", "orderPaid", "data", Map.of("sum", 5)));
        JsonNode first = server.http().get(path + "/client/h-3/history").json().get("messages").get(0);
        assertThat(first.get("eventData").get("event").asText()).isEqualTo("orderPaid");
        assertThat(first.get("eventData").get("data").get("sum").asInt()).isEqualTo(5);
    }

    @Test
    void unknownClientHasAnEmptyHistory() {
        JsonNode page = server.http().get(path + "/client/nobody/history").json();
        assertThat(page.get("totalCount").asInt()).isZero();
        assertThat(page.get("messages")).isEmpty();
    }

    @Test
    void stateIsStoredVerbatimAndEmitsAStateEvent() {
        String state = path + "/client/st-1/state";
        assertThat(server.http().get(state).text()).isEqualTo("{}");

        Http.Response saved = server.http().post(state + "?cid=tab-1", Map.of("page", "cart", "items", List.of(1, 2)));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.text()).isEqualTo("{}");

        JsonNode loaded = server.http().get(state).json();
        assertThat(loaded.get("page").asText()).isEqualTo("cart");
        assertThat(loaded.get("items")).hasSize(2);
        JsonNode events = server.http().get(path + "/events?clientId=st-1&all=true&ts=0&timeout=0").json();
        assertThat(events.get("events").get(0).get("type").asText()).isEqualTo("state");
        assertThat(events.get("events").get(0).at("/event/state/page").asText()).isEqualTo("cart");
        assertThat(events.get("events").get(0).at("/event/cid").asText()).isEqualTo("tab-1");
    }

    @Test
    void staleIfMatchIsRefusedWith412SoTwoTabsCannotOverwriteEachOther() {
        String state = path + "/client/st-2/state";
        String etag = server.http().get(state).header("ETag");
        Map<String, String> ifMatch = Map.of("Content-Type", "application/json", "If-Match", etag);

        assertThat(server.http().send("POST", state, Map.of("tab", 1), ifMatch).status()).isEqualTo(200);
        Http.Response stale = server.http().send("POST", state, Map.of("tab", 2), ifMatch);

        assertThat(stale.status()).isEqualTo(412);
        assertThat(server.http().get(state).json().get("tab").asInt()).isEqualTo(1);
    }

    @Test
    void statusesMoveForwardOnlyAndDriveTheUnreadCount() {
        String q1 = say("m-1", "hello");
        String q2 = say("m-1", "hello");
        String base = path + "/client/m-1";
        assertThat(server.http().get(base + "/message-not-read-count").json().get("count").asInt()).isEqualTo(2);
        assertThat(server.http().get(base + "/message/" + q1 + "/status").json().get("status").asText())
                .isEqualTo("SENT");

        JsonNode read = server.http().post(base + "/message/" + q1 + "/status", Map.of("status", "READ")).json();
        assertThat(read.get("status").asText()).isEqualTo("READ");
        JsonNode backwards = server.http().post(base + "/message/" + q1 + "/status", Map.of("status", "DELIVERED"))
                .json();
        assertThat(backwards.get("status").asText()).isEqualTo("READ");

        assertThat(server.http().get(base + "/message-not-read-count").json().get("count").asInt()).isEqualTo(1);
        JsonNode bulk = server.http().post(base + "/message-statuses", Map.of("statuses",
                List.of(Map.of("questionId", q2, "status", "DELIVERED")))).json();
        assertThat(bulk.get("statuses").get(0).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(server.http().get(base + "/message-not-read-count").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void bulkStatusWithOneUnknownMessageChangesNothing() {
        String q1 = say("m-2", "hello");
        String base = path + "/client/m-2";
        Http.Response response = server.http().post(base + "/message-statuses", Map.of("statuses", List.of(
                Map.of("questionId", q1, "status", "READ"), Map.of("questionId", "nope", "status", "READ"))));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains("statuses[1]");
        assertThat(server.http().get(base + "/message/" + q1 + "/status").json().get("status").asText())
                .isEqualTo("SENT");
    }
}
