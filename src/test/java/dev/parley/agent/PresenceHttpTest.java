package dev.parley.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/presence}: who is signed in to the console now, with the conversations they hold. */
class PresenceHttpTest {

    private static final String PASSWORD = "correct horse";

    private TestServer server;
    private String chat;

    @BeforeEach
    void start() {
        server = TestServer.start();
        chat = "/chatapi/" + server.channel(Json.object().put("name", "s").put("scenario", AgentHttpTest.SUPPORT));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void account(String login, String name, String role) {
        Http.Response created = server.http().admin("POST", "/api/v1/accounts",
                Map.of("login", login, "password", PASSWORD, "name", name, "role", role));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private String login(String login) {
        Http.Response in = server.http().post("/api/v1/agent/login", Map.of("login", login, "password", PASSWORD));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        return in.json().get("token").asText();
    }

    private Http.Response as(String token, String method, String target) {
        return server.http().send(method, target, null, Map.of("Authorization", "Bearer " + token));
    }

    private void handOff(String clientId) {
        Http.Response r = server.http().post(chat, Map.of("clientId", clientId, "query", "operator"));
        assertThat(r.json().at("/data/answer").asText()).isEqualTo("Connecting you to a person");
    }

    private long queued(String token, String clientId) {
        for (JsonNode c : as(token, "GET", "/api/v1/agent/conversations?status=QUEUED").json().get("items")) {
            if (c.get("clientId").asText().equals(clientId)) {
                return c.get("id").asLong();
            }
        }
        throw new AssertionError("not queued: " + clientId);
    }

    private static List<String> logins(JsonNode presence) {
        List<String> logins = new ArrayList<>();
        presence.get("items").forEach(a -> logins.add(a.get("login").asText()));
        return logins;
    }

    @Test
    void listsWhoIsSignedInWithTheConversationsTheyHoldAndHowManyWait() {
        account("anna", "Anna <img src=x onerror=alert(1)>", "agent");
        account("bob", "Bob", "agent");
        account("ada", "Ada", "admin");
        String anna = login("anna");
        String ada = login("ada");
        handOff("c-1");
        handOff("c-2");
        as(anna, "POST", "/api/v1/agent/conversations/" + queued(anna, "c-1") + "/accept");

        JsonNode presence = server.adminJson("GET", "/api/v1/presence", null);

        assertThat(logins(presence)).as("by name; bob never signed in").containsExactly("ada", "anna");
        JsonNode annaItem = presence.get("items").get(1);
        assertThat(annaItem.get("name").asText()).isEqualTo("Anna <img src=x onerror=alert(1)>");
        assertThat(annaItem.get("role").asText()).isEqualTo("agent");
        assertThat(annaItem.get("conversations")).hasSize(1);
        assertThat(annaItem.at("/conversations/0/clientId").asText()).isEqualTo("c-1");
        assertThat(annaItem.at("/conversations/0/status").asText()).isEqualTo("ASSIGNED");
        assertThat(presence.at("/items/0/role").asText()).isEqualTo("admin");
        assertThat(presence.at("/items/0/conversations")).isEmpty();
        assertThat(presence.get("queued").asInt()).as("c-2 still waits").isEqualTo(1);
        assertThat(as(ada, "GET", "/api/v1/presence").status()).as("an admin's session may ask").isEqualTo(200);
    }

    @Test
    void signingOutOrBeingDeactivatedTakesAnAccountOffTheList() {
        account("anna", "Anna", "agent");
        account("bob", "Bob", "agent");
        String anna = login("anna");
        login("bob");
        assertThat(logins(server.adminJson("GET", "/api/v1/presence", null))).containsExactly("anna", "bob");

        assertThat(as(anna, "POST", "/api/v1/agent/logout").status()).isEqualTo(204);
        long bob = server.adminJson("GET", "/api/v1/accounts", null).findParents("login").stream()
                .filter(a -> a.get("login").asText().equals("bob")).findFirst().orElseThrow().get("id").asLong();
        server.http().admin("PATCH", "/api/v1/accounts/" + bob, Map.of("active", false));

        JsonNode presence = server.adminJson("GET", "/api/v1/presence", null);
        assertThat(presence.get("items")).isEmpty();
        assertThat(presence.get("queued").asInt()).isZero();
    }

    @Test
    void onlyAdminsMayAsk() {
        account("anna", "Anna", "agent");
        String anna = login("anna");

        assertThat(server.http().get("/api/v1/presence").status()).as("no credentials").isEqualTo(401);
        assertThat(as(anna, "GET", "/api/v1/presence").status()).as("an agent's session").isEqualTo(403);
    }
}
