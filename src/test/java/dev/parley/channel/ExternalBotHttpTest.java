package dev.parley.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A channel whose bot is an HTTP service of the user's: created through the admin API, used through the Chat API. */
class ExternalBotHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static HttpServer bot;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bot.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        bot.createContext("/bot", exchange -> {
            JsonNode asked = JSON.readTree(exchange.getRequestBody());
            int turn = asked.path("session").path("turns").asInt(0) + 1;
            byte[] answer = JSON.writeValueAsBytes(Map.of(
                    "replies", java.util.List.of(Map.of("type", "text", "text", "You said " + asked.path("query")
                            .asText() + " (turn " + turn + ", " + asked.path("clientId").asText() + ")")),
                    "session", Map.of("turns", turn), "nlpClass", "/echo"));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        bot.start();
    }

    @AfterAll
    static void stop() {
        bot.stop(0);
        server.close();
    }

    private static String botUrl() {
        return "http://127.0.0.1:" + bot.getAddress().getPort() + "/bot";
    }

    @Test
    void theExternalBotAnswersEveryTurnAndParleyKeepsItsSession() {
        Http.Response created = server.http().admin("POST", "/api/v1/channels",
                Map.of("name", "external", "bot", Map.of("type", "http", "url", botUrl())));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("status").asText()).isEqualTo("CONNECTED");
        String token = created.json().path("token").asText();

        JsonNode first = server.http().post("/chatapi/" + token, Map.of("clientId", "ann", "query", "hi")).json();
        JsonNode second = server.http().post("/chatapi/" + token, Map.of("clientId", "ann", "query", "again")).json();

        assertThat(first.at("/data/answer").asText()).isEqualTo("You said hi (turn 1, ann)");
        assertThat(first.at("/data/nlpClass").asText()).isEqualTo("/echo");
        assertThat(second.at("/data/answer").asText()).isEqualTo("You said again (turn 2, ann)");
        JsonNode history = server.http().get("/chatapi/" + token + "/client/ann/history").json();
        assertThat(history.toString()).contains("You said again (turn 2, ann)");
    }

    @Test
    void anUnreachableBotEndsTheTurnWithoutRepliesInsteadOfFailingIt() throws IOException {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String token = server.http().admin("POST", "/api/v1/channels", Map.of("name", "down",
                "bot", Map.of("type", "http", "url", "http://127.0.0.1:" + closedPort + "/bot"))).json()
                .path("token").asText();

        Http.Response turn = server.http().post("/chatapi/" + token, Map.of("clientId", "bob", "query", "hi"));

        assertThat(turn.status()).isEqualTo(200);
        assertThat(turn.json().at("/data/replies").size()).isZero();
    }

    @Test
    void badBotSettingsAreRejectedWithTheProblemAndNoChannelIsCreated() {
        int before = server.http().admin("GET", "/api/v1/channels", null).json().path("items").size();

        Http.Response both = server.http().admin("POST", "/api/v1/channels", Map.of("name", "x",
                "scenario", Scenarios.SHOP, "bot", Map.of("type", "http", "url", botUrl())));
        Http.Response notAnObject = server.http().admin("POST", "/api/v1/channels", Map.of("name", "x",
                "bot", "http://bot.example"));
        Http.Response badUrl = server.http().admin("POST", "/api/v1/channels", Map.of("name", "x",
                "bot", Map.of("type", "http", "url", "ftp://bot.example")));

        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().path("message").asText()).contains("either scenario or bot");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.json().path("message").asText()).contains("bot must be an object");
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.text()).contains("absolute http or https URL");
        assertThat(server.http().admin("GET", "/api/v1/channels", null).json().path("items").size())
                .isEqualTo(before);
    }

    @Test
    void aChannelCanSwitchFromAScenarioToAnExternalBot() {
        JsonNode created = server.http().admin("POST", "/api/v1/channels",
                Map.of("name", "switch", "scenario", Scenarios.SHOP)).json();
        Http.Response patched = server.http().admin("PATCH", "/api/v1/channels/" + created.path("id").asLong(),
                Map.of("bot", Map.of("type", "http", "url", botUrl())));
        assertThat(patched.status()).isEqualTo(200);
        JsonNode turn = server.http().post("/chatapi/" + created.path("token").asText(),
                Map.of("clientId", "cy", "query", "hey")).json();
        assertThat(turn.at("/data/answer").asText()).isEqualTo("You said hey (turn 1, cy)");
    }
}
