package dev.parley.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typing: the client's reaches the agent handling it, the agent's reaches the client's event stream, none is stored. */
class TypingHttpTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Stream<String>> opened = new ArrayList<>();
    private TestServer server;
    private String path;
    private long channelId;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("PARLEY_CLIENT_RATE", "2", "PARLEY_STREAMS_PORT", "0"));
        JsonNode created = server.http().admin("POST", "/api/v1/channels",
                Json.object().put("name", "s").put("scenario", AgentHttpTest.SUPPORT)).json();
        path = "/chatapi/" + created.get("token").asText();
        channelId = created.get("id").asLong();
    }

    @AfterEach
    void stop() {
        opened.forEach(Stream::close);
        server.close();
    }

    private String agent(String login, String name) {
        server.http().admin("POST", "/api/v1/agents", Map.of("login", login, "password", "correct horse",
                "name", name));
        return server.http().post("/api/v1/agent/login", Map.of("login", login, "password", "correct horse"))
                .json().get("token").asText();
    }

    private Http.Response as(String token, String method, String target) {
        return server.http().send(method, target, null, Map.of("Authorization", "Bearer " + token));
    }

    private long handOff(String agentToken, String clientId) {
        server.http().post(path, Map.of("clientId", clientId, "query", "operator"));
        for (JsonNode c : as(agentToken, "GET", "/api/v1/agent/conversations?status=QUEUED").json().get("items")) {
            if (c.get("clientId").asText().equals(clientId)) {
                return c.get("id").asLong();
            }
        }
        throw new AssertionError("not queued: " + clientId);
    }

    private Iterator<String> sse(String target, Map<String, String> headers) throws Exception {
        return sse(server.port(), target, headers);
    }

    private Iterator<String> sse(int port, String target, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target));
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        opened.add(response.body());
        Iterator<String> lines = response.body().iterator();
        return lines;
    }

    /** Reads events ({@code name data} pairs) until one satisfies {@code last}; returns all read. */
    private static List<String> readUntil(Iterator<String> lines, java.util.function.Predicate<String> last)
            throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            List<String> events = new ArrayList<>();
            String name = "message";
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String event = name + " " + line.substring(5).trim();
                    events.add(event);
                    name = "message";
                    if (last.test(event)) {
                        return events;
                    }
                }
            }
            return events;
        }).get(20, TimeUnit.SECONDS);
    }

    private Http.Response clientTypes(String clientId) {
        return server.http().send("POST", path + "/client/" + clientId + "/typing", null, Map.of());
    }

    @Test
    void clientTypingReachesEveryAgentWhileQueuedThenOnlyTheAgentWhoAccepted() throws Exception {
        String anna = agent("anna", "Anna");
        String bob = agent("bob", "Bob");
        long id = handOff(anna, "c-1");
        Iterator<String> annaSees = sse("/api/v1/agent/stream", Map.of("Authorization", "Bearer " + anna));
        Iterator<String> bobSees = sse("/api/v1/agent/stream", Map.of("Authorization", "Bearer " + bob));

        assertThat(clientTypes("c-1").status()).isEqualTo(204);
        String queuedTyping = "typing {\"conversationId\":" + id + ",\"channelId\":" + channelId
                + ",\"clientId\":\"c-1\"}";
        assertThat(readUntil(annaSees, e -> e.startsWith("typing"))).last().isEqualTo(queuedTyping);
        assertThat(readUntil(bobSees, e -> e.startsWith("typing"))).last().isEqualTo(queuedTyping);

        as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept");
        assertThat(clientTypes("c-1").status()).isEqualTo(204);
        long other = handOff(bob, "c-2");

        assertThat(readUntil(annaSees, e -> e.startsWith("typing"))).last().isEqualTo(queuedTyping);
        List<String> bobLater = readUntil(bobSees, e -> e.contains("\"id\":" + other + ","));
        assertThat(bobLater).noneMatch(e -> e.startsWith("typing"));
    }

    @Test
    void agentTypingReachesTheClientsStreamAndIsNeverStored() throws Exception {
        agentTypingReachesAStreamOn(server.port());
    }

    @Test
    void agentTypingReachesAStreamOnTheThreadlessListenerToo() throws Exception {
        agentTypingReachesAStreamOn(server.streamsPort());
    }

    private void agentTypingReachesAStreamOn(int port) throws Exception {
        String anna = agent("anna", "Anna");
        long id = handOff(anna, "c-3");
        as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept");
        long annaId = server.adminJson("GET", "/api/v1/agents", null).findValues("id").getFirst().asLong();
        Iterator<String> clientSees = sse(port, path + "/events/stream?clientId=c-3", Map.of());
        long before = server.http().get(path + "/client/c-3/history").json().get("totalCount").asLong();

        Http.Response typed = as(anna, "POST", "/api/v1/agent/conversations/" + id + "/typing");

        assertThat(typed.status()).as(typed.text()).isEqualTo(204);
        assertThat(readUntil(clientSees, e -> e.startsWith("typing"))).last().isEqualTo(
                "typing {\"clientId\":\"c-3\",\"agent\":{\"id\":" + annaId + ",\"name\":\"Anna\"}}");
        JsonNode log = server.http().get(path + "/events?clientId=c-3&ts=0&timeout=0").json();
        assertThat(log.toString()).doesNotContain("typing");
        assertThat(server.http().get(path + "/client/c-3/history").json().get("totalCount").asLong())
                .isEqualTo(before);
    }

    @Test
    void onlyTheAgentHoldingAnOpenConversationMayType() {
        String anna = agent("anna", "Anna");
        String bob = agent("bob", "Bob");
        long id = handOff(anna, "c-4");

        Http.Response queued = as(anna, "POST", "/api/v1/agent/conversations/" + id + "/typing");
        as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept");
        Http.Response notHers = as(bob, "POST", "/api/v1/agent/conversations/" + id + "/typing");
        as(anna, "POST", "/api/v1/agent/conversations/" + id + "/close");
        Http.Response closed = as(anna, "POST", "/api/v1/agent/conversations/" + id + "/typing");
        Http.Response unknown = as(anna, "POST", "/api/v1/agent/conversations/999999/typing");
        Http.Response anonymous = server.http().post("/api/v1/agent/conversations/" + id + "/typing", "{}");

        assertThat(queued.status()).isEqualTo(403);
        assertThat(notHers.status()).isEqualTo(403);
        assertThat(closed.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void clientTypingWithTheBotIsAcceptedAndRateLimitedLikeOtherClientCalls() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(clientTypes("bot-only").status());
        }

        assertThat(statuses.getFirst()).isEqualTo(204);
        assertThat(statuses).contains(429);
        assertThat(server.http().send("POST", "/chatapi/nope-token-1/client/x/typing", null, Map.of()).status())
                .isEqualTo(404);
    }
}
