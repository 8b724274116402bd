package dev.parley.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent's live stream learns that a conversation it had was erased: it sees the conversation closed. */
class ErasedConversationHttpTest {

    private TestServer server;
    private String path;
    private long channelId;
    private Stream<String> stream;

    @BeforeEach
    void start() {
        server = TestServer.start();
        JsonNode created = server.http().admin("POST", "/api/v1/channels",
                Json.object().put("name", "s").put("scenario", AgentHttpTest.SUPPORT)).json();
        path = "/chatapi/" + created.get("token").asText();
        channelId = created.get("id").asLong();
    }

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        server.close();
    }

    @Test
    void erasingAClientClosesItsConversationOnTheAgentsStream() throws Exception {
        server.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "correct horse",
                "name", "Anna"));
        String anna = server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
        server.http().post(path, Map.of("clientId", "erased-1", "query", "operator"));
        long id = queued(anna).get("id").asLong();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + anna);
        assertThat(server.http().send("POST", "/api/v1/agent/conversations/" + id + "/accept", null, auth).status())
                .isEqualTo(200);
        Iterator<String> lines = agentStream(anna);

        assertThat(server.http().admin("DELETE", "/api/v1/channels/" + channelId + "/clients/erased-1", null)
                .json().at("/removed/handoffs").asLong()).isEqualTo(1);

        String closed = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:") && line.contains("\"id\":" + id)) {
                    return line;
                }
            }
            return "";
        }).get(20, TimeUnit.SECONDS);
        assertThat(closed).contains("\"status\":\"CLOSED\"").contains("\"clientId\":\"erased-1\"");
        assertThat(server.http().send("GET", "/api/v1/agent/conversations?status=ASSIGNED", null, auth).json()
                .get("items")).isEmpty();
    }

    private JsonNode queued(String token) {
        return server.http().send("GET", "/api/v1/agent/conversations?status=QUEUED", null,
                Map.of("Authorization", "Bearer " + token)).json().get("items").get(0);
    }

    private Iterator<String> agentStream(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/agent/stream")).header("Authorization", "Bearer " + token).build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        stream = response.body();
        return stream.iterator();
    }
}
