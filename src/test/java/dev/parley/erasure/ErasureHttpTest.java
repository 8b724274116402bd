package dev.parley.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code DELETE /api/v1/channels/{id}/clients/{clientId}}: afterwards the client looks like one never seen. */
class ErasureHttpTest {

    private static TestServer server;
    private static long channel;
    private static String path;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        JsonNode created = server.http().admin("POST", "/api/v1/channels",
                Map.of("name", "erasure", "scenario", Scenarios.SHOP)).json();
        channel = created.get("id").asLong();
        path = "/chatapi/" + created.get("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String say(String clientId, String query) {
        return server.http().post(path, Map.of("clientId", clientId, "query", query)).json()
                .get("questionId").asText();
    }

    private static Http.Response erase(String clientId) {
        return server.http().admin("DELETE", "/api/v1/channels/" + channel + "/clients/" + clientId, null);
    }

    /** A client with messages, a saved state, a read message, a read cursor and an idempotent request. */
    private static String talk(String clientId) {
        String q1 = say(clientId, "hello");
        say(clientId, "where is my order");
        server.http().send("POST", path, Map.of("clientId", clientId, "query", "bye"),
                Map.of("Content-Type", "application/json", "Idempotency-Key", "idem-" + clientId));
        server.http().post(path + "/client/" + clientId + "/state", Map.of("cart", List.of(1, 2)));
        server.http().post(path + "/client/" + clientId + "/message/" + q1 + "/status", Map.of("status", "READ"));
        server.http().get(path + "/events?clientId=" + clientId + "&cid=tab-1&timeout=0");
        return q1;
    }

    @Test
    void erasureAnswersWhatItRemovedAndEveryChatReadThenLooksNew() {
        String q1 = talk("gone-1");
        say("kept-1", "hello");

        Http.Response erased = erase("gone-1");

        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        JsonNode removed = erased.json().get("removed");
        assertThat(removed.get("clients").asLong()).isEqualTo(1);
        assertThat(removed.get("events").asLong()).isEqualTo(7);
        assertThat(removed.get("states").asLong()).isEqualTo(1);
        assertThat(removed.get("readCursors").asLong()).isEqualTo(1);
        assertThat(removed.get("idempotencyKeys").asLong()).isEqualTo(1);
        assertThat(removed.has("deliveries") && removed.has("timers") && removed.has("handoffs")
                && removed.has("files")).isTrue();
        assertLooksNew("gone-1", q1);
        assertThat(server.http().get(path + "/client/kept-1/history").json().get("totalCount").asInt()).isEqualTo(2);
    }

    private static void assertLooksNew(String clientId, String questionId) {
        String client = path + "/client/" + clientId;
        JsonNode history = server.http().get(client + "/history").json();
        assertThat(history.get("totalCount").asInt()).isZero();
        assertThat(history.get("messages")).isEmpty();
        assertThat(server.http().get(client + "/state").text()).isEqualTo("{}");
        assertThat(server.http().get(client + "/message-not-read-count").json().get("count").asInt()).isZero();
        assertThat(server.http().get(client + "/message/" + questionId + "/status").status()).isEqualTo(404);
        JsonNode all = server.http().get(path + "/events?clientId=" + clientId + "&all=true&ts=0&timeout=0").json();
        assertThat(all.get("events")).isEmpty();
        JsonNode polled = server.http().get(path + "/events?clientId=" + clientId + "&cid=tab-1&all=true&timeout=0")
                .json();
        assertThat(polled.get("events")).isEmpty();
        Http.Response transcript = server.http().admin("GET", "/api/v1/channels/" + channel + "/clients/" + clientId
                + "/transcript", null);
        assertThat(transcript.status()).isEqualTo(404);
    }

    @Test
    void aStreamFromTheStartAfterErasureCarriesOnlyWhatCameAfter() throws Exception {
        talk("gone-sse");
        assertThat(erase("gone-sse").status()).isEqualTo(200);
        Iterator<String> lines = stream("clientId=gone-sse&all=true&ts=0");

        say("gone-sse", "a new start");

        String first = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    return line;
                }
            }
            return "";
        }).get(20, TimeUnit.SECONDS);
        assertThat(first).contains("a new start");
    }

    private static Iterator<String> stream(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path
                + "/events/stream?" + query)).build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().iterator();
    }

    @Test
    void anErasedClientStartsAFreshConversation() {
        talk("again-1");
        erase("again-1");

        say("again-1", "hello");

        JsonNode history = server.http().get(path + "/client/again-1/history").json();
        assertThat(history.get("totalCount").asInt()).isEqualTo(2);
        assertThat(history.get("messages").get(0).get("textMessage").asText()).isEqualTo("hello");
    }

    @Test
    void asyncTurnsQueuedWhenTheClientIsErasedDoNotBringBackAnyOfIt() {
        // accepted all at once, so that the client's turns are still running one after the other when it is erased
        List<CompletableFuture<Http.Response>> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String query = "hello " + i;
            accepted.add(CompletableFuture.supplyAsync(() -> server.http().post(path + "/async",
                    Map.of("clientId", "race-1", "query", query))));
        }
        accepted.forEach(response -> assertThat(response.join().status()).isEqualTo(200));

        assertThat(erase("race-1").status()).isEqualTo(200);
        // a sync turn runs behind the client's queued turns: once it answers, every one of them has run or given up
        say("race-1", "after");

        JsonNode history = server.http().get(path + "/client/race-1/history").json();
        List<String> texts = new java.util.ArrayList<>();
        history.get("messages").forEach(m -> texts.add(m.get("textMessage").asText()));
        assertThat(texts).containsExactly("after", "Tell the bot something");
        assertThat(history.get("totalCount").asInt()).isEqualTo(2);
    }

    @Test
    void aClientWithASlashInItsIdIsErasedThroughItsEncodedSegment() {
        say("in/dialog.txt", "hello");

        assertThat(erase("in%2Fdialog.txt").status()).isEqualTo(200);

        assertThat(server.http().get(path + "/client/in%2Fdialog.txt/history").json().get("totalCount").asInt())
                .isZero();
    }

    @Test
    void unknownClientOrChannelIsA404AndASecondErasureToo() {
        say("twice-1", "hello");
        assertThat(erase("twice-1").status()).isEqualTo(200);

        Http.Response again = erase("twice-1");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("error").asText()).isEqualTo("admin.client.not_found");
        assertThat(erase("never-seen").status()).isEqualTo(404);
        assertThat(server.http().admin("DELETE", "/api/v1/channels/999999/clients/x", null).status()).isEqualTo(404);
        assertThat(server.http().admin("DELETE", "/api/v1/channels/abc/clients/x", null).status()).isEqualTo(404);
    }

    @Test
    void erasureNeedsAnAdminAndRefusesAnAgentChangingNothing() {
        say("guarded-1", "hello");
        server.adminJson("POST", "/api/v1/accounts", Map.of("login", "erasure-agent", "password", "a long password",
                "name", "agent", "role", "agent"));
        String agent = server.http().post("/api/v1/agent/login", Map.of("login", "erasure-agent",
                "password", "a long password")).json().get("token").asText();
        String url = "/api/v1/channels/" + channel + "/clients/guarded-1";

        assertThat(server.http().send("DELETE", url, null, Map.of()).status()).isEqualTo(401);
        assertThat(server.http().send("DELETE", url, null, Map.of("Authorization", "Bearer " + agent)).status())
                .isEqualTo(403);
        assertThat(server.http().send("PUT", url, null, Map.of("Authorization", "Bearer " + TestServer.ADMIN_TOKEN))
                .status()).isEqualTo(405);

        assertThat(server.http().get(path + "/client/guarded-1/history").json().get("totalCount").asInt())
                .isEqualTo(2);
    }
}
