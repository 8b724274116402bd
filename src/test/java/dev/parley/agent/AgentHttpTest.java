package dev.parley.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentHttpTest {

    static final String SUPPORT = """
            name: support
            states:
              /Hello:
                - intent: {patterns: ["hello"]}
                - text: "Hello from the bot"
              /Agent:
                - intent: {patterns: ["operator", "talk to a person"]}
                - agent: {message: "Connecting you to a person", closePhrases: ["/close", "bye agent"], noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "Tell the bot something"
            """;

    private final RecordingWebhookReceiver webhook = new RecordingWebhookReceiver();
    private TestServer server;
    private String path;

    /** The server the tests run on: SQLite here, PostgreSQL in {@link AgentOnPostgresHttpTest}. */
    TestServer startServer() {
        return TestServer.start();
    }

    @BeforeEach
    void start() {
        server = startServer();
        path = "/chatapi/" + server.channel(Json.object().put("name", "s").put("scenario", SUPPORT)
                .put("webhookUrl", webhook.url()));
    }

    /** Runs after the server stopped. */
    void afterServer() {
    }

    @AfterEach
    void stop() {
        server.close();
        webhook.close();
        afterServer();
    }

    private JsonNode say(String clientId, String query) {
        Http.Response r = server.http().post(path, Map.of("clientId", clientId, "query", query));
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private String agent(String login, String name) {
        Http.Response created = server.http().admin("POST", "/api/v1/agents",
                Map.of("login", login, "password", "correct horse", "name", name));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).doesNotContain("correct horse").doesNotContain("password");
        Http.Response login1 = server.http().post("/api/v1/agent/login",
                Map.of("login", login, "password", "correct horse"));
        assertThat(login1.status()).isEqualTo(200);
        assertThat(login1.json().at("/agent/name").asText()).isEqualTo(name);
        return login1.json().get("token").asText();
    }

    private Http.Response as(String token, String method, String target, Object body) {
        return server.http().send(method, target, body, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + token));
    }

    private long queuedId(String token, String clientId) {
        for (JsonNode c : as(token, "GET", "/api/v1/agent/conversations?status=QUEUED", null).json().get("items")) {
            if (c.get("clientId").asText().equals(clientId)) {
                return c.get("id").asLong();
            }
        }
        throw new AssertionError("not queued: " + clientId);
    }

    @Test
    void withNoAgentOnlineTheNoAgentsStateRunsAndNothingIsQueued() {
        JsonNode reply = say("c-0", "operator");
        assertThat(reply.at("/data/answer").asText()).isEqualTo("Nobody is online.");
        assertThat(reply.at("/data/nlpClass").asText()).isEqualTo("/Agent");
    }

    @Test
    void handOffQueuesTheClientAndTheBotStaysSilentUntilTheAgentCloses() {
        String anna = agent("anna", "Anna");
        JsonNode handOff = say("c-1", "operator");
        assertThat(handOff.at("/data/replies/1/type").asText()).isEqualTo("switch");
        assertThat(handOff.at("/data/replies/1/firstMessage").asText()).isEqualTo("Connecting you to a person");
        assertThat(handOff.at("/data/answer").asText()).isEqualTo("Connecting you to a person");
        long id = queuedId(anna, "c-1");

        JsonNode toAgent = say("c-1", "hello");
        assertThat(toAgent.at("/data/replies")).isEmpty();
        assertThat(toAgent.at("/data/answer").asText()).isEmpty();

        JsonNode accepted = as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept", null).json();
        assertThat(accepted.get("status").asText()).isEqualTo("ASSIGNED");
        JsonNode history = as(anna, "GET", "/api/v1/agent/conversations/" + id + "/history", null).json();
        assertThat(history.toString()).contains("hello");

        JsonNode closed = as(anna, "POST", "/api/v1/agent/conversations/" + id + "/close", null).json();
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(say("c-1", "hello").at("/data/answer").asText()).isEqualTo("Hello from the bot");
        assertThat(as(anna, "POST", "/api/v1/agent/conversations/" + id + "/messages", Map.of("text", "late"))
                .status()).isEqualTo(409);
    }

    @Test
    void agentReplyReachesTheClientAsEventWebhookHistoryAndUnreadMessage() {
        String anna = agent("anna", "Anna");
        say("c-2", "operator");
        long id = queuedId(anna, "c-2");
        as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept", null);

        Http.Response sent = as(anna, "POST", "/api/v1/agent/conversations/" + id + "/messages",
                Map.of("text", "Hello, this is Anna."));

        assertThat(sent.status()).isEqualTo(201);
        String questionId = sent.json().get("questionId").asText();
        JsonNode events = server.http().get(path + "/events?clientId=c-2&timeout=5").json().get("events");
        JsonNode human = null;
        for (JsonNode e : events) {
            if (e.at("/event/questionId").asText().equals(questionId)) {
                human = e;
            }
        }
        assertThat(human).isNotNull();
        assertThat(human.get("type").asText()).isEqualTo("humanResponse");
        assertThat(human.at("/event/data/answer").asText()).isEqualTo("Hello, this is Anna.");
        assertThat(human.at("/event/data/agent/name").asText()).isEqualTo("Anna");
        webhook.await(1, 10_000, c -> c.body().contains(questionId));
        JsonNode page = server.http().get(path + "/client/c-2/history?order=desc&limit=1").json();
        assertThat(page.at("/messages/0/author").asText()).isEqualTo("OPERATOR");
        assertThat(page.at("/messages/0/status").asText()).isEqualTo("SENT");
        String status = path + "/client/c-2/message/" + questionId + "/status";
        assertThat(server.http().post(status, Map.of("status", "READ")).json().get("status").asText())
                .isEqualTo("READ");
    }

    @Test
    void closePhraseFromTheClientGivesItBackToTheBot() {
        String anna = agent("anna", "Anna");
        say("c-3", "operator");
        long id = queuedId(anna, "c-3");
        say("c-3", "Bye Agent ");
        JsonNode notice = server.http().get(path + "/events?clientId=c-3&timeout=5").json().get("events");
        assertThat(notice.toString()).contains("The conversation was closed");
        webhook.await(1, 10_000, c -> c.body().contains("The conversation was closed"));
        assertThat(say("c-3", "hello").at("/data/answer").asText()).isEqualTo("Hello from the bot");
        assertThat(as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept", null).status())
                .isEqualTo(409);
    }

    @Test
    void onlyOneAgentCanTakeAConversationAndOthersCannotReadOrWriteIt() {
        String anna = agent("anna", "Anna");
        String bob = agent("bob", "Bob");
        say("c-4", "operator");
        long id = queuedId(anna, "c-4");
        assertThat(as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept", null).status()).isEqualTo(200);

        assertThat(as(bob, "POST", "/api/v1/agent/conversations/" + id + "/accept", null).status()).isEqualTo(409);
        assertThat(as(bob, "POST", "/api/v1/agent/conversations/" + id + "/messages", Map.of("text", "hi"))
                .status()).isEqualTo(403);
        assertThat(as(bob, "GET", "/api/v1/agent/conversations/" + id + "/history", null).status()).isEqualTo(403);
        assertThat(as(bob, "POST", "/api/v1/agent/conversations/" + id + "/close", null).status()).isEqualTo(403);
        assertThat(as(anna, "POST", "/api/v1/agent/conversations/" + id + "/messages", Map.of("text", " "))
                .status()).isEqualTo(400);
        assertThat(as(anna, "POST", "/api/v1/agent/conversations/999/accept", null).status()).isEqualTo(404);

        assertThat(as(anna, "POST", "/api/v1/agent/conversations/" + id + "/close", null).status()).isEqualTo(200);
        assertThat(as(bob, "GET", "/api/v1/agent/conversations/" + id + "/history", null).status())
                .as("a closed conversation stays its agent's").isEqualTo(403);
        assertThat(as(anna, "GET", "/api/v1/agent/conversations/" + id + "/history", null).status()).isEqualTo(200);
    }

    @Test
    void everyAgentRouteRefusesMissingForgedOrLoggedOutTokensWith401() {
        String anna = agent("anna", "Anna");
        assertThat(server.http().get("/api/v1/agent/conversations").status()).isEqualTo(401);
        assertThat(as("forged", "GET", "/api/v1/agent/conversations", null).status()).isEqualTo(401);
        assertThat(as(anna, "POST", "/api/v1/agent/logout", null).status()).isEqualTo(204);
        assertThat(as(anna, "GET", "/api/v1/agent/conversations", null).status()).isEqualTo(401);
        assertThat(server.http().get("/api/v1/agent/stream?access_token=forged").status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordsAre401AndRepeatedFailuresAreRateLimited() {
        agent("anna", "Anna");
        for (int i = 0; i < 5; i++) {
            assertThat(server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "wrong"))
                    .status()).isEqualTo(401);
        }
        Http.Response limited = server.http().post("/api/v1/agent/login",
                Map.of("login", "anna", "password", "correct horse"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    @Test
    void markupFromAClientIsStoredAndServedAsPlainText() {
        String anna = agent("anna", "Anna");
        say("c-5", "operator");
        long id = queuedId(anna, "c-5");
        String hostile = "<img src=x onerror=alert(1)>";
        say("c-5", hostile);
        as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept", null);
        JsonNode history = as(anna, "GET", "/api/v1/agent/conversations/" + id + "/history", null).json();
        boolean found = false;
        for (JsonNode m : history.get("messages")) {
            found |= m.path("textMessage").asText().equals(hostile);
        }
        assertThat(found).isTrue();
    }

    @Test
    void adminManagesAgentAccounts() {
        agent("anna", "Anna");
        assertThat(server.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "another one",
                "name", "A2")).status()).isEqualTo(409);
        assertThat(server.http().admin("POST", "/api/v1/agents", Map.of("login", "x", "password", "short",
                "name", "X")).json().get("message").asText()).contains("password");
        JsonNode list = server.adminJson("GET", "/api/v1/agents", null);
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.toString()).doesNotContain("hash");
        long id = list.at("/items/0/id").asLong();
        assertThat(server.http().admin("DELETE", "/api/v1/agents/" + id, null).status()).isEqualTo(204);
        assertThat(server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .status()).isEqualTo(401);
        assertThat(server.http().get("/api/v1/agents").status()).isEqualTo(401);
    }
}
