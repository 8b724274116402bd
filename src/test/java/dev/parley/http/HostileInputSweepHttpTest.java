package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.Parley;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every routed path, asked with a malformed or hostile body (by every body-carrying method) or hostile query
 * parameters, answers below 500, and every refusal is the JSON error body. The path list is the server's own ({@link Parley#knownPaths()}), so a new
 * route is swept without anyone remembering to add it here.
 */
class HostileInputSweepHttpTest {

    private static final List<String> BODIES = List.of("{oops", "[1]", "\"text\"", "null", "",
            "[".repeat(5_000) + "]".repeat(5_000), "{\"clientId\": {\"$gt\": \"\"}, \"query\": [1], \"text\": 7}",
            "{\"clientId\": \"\\ud800\", \"query\": \"\\u0000\", \"login\": 1e400, \"limit\": -1}");
    private static final List<String> METHODS = List.of("POST", "PUT", "PATCH");
    private static final List<String> QUERIES = List.of("?timeout=-1&limit=abc&offset=-5&status=%00",
            "?ts=%2B999999999-12-31T23:59:59Z&from=-999999999-01-01T00:00:00&to=1e400&timeout=0",
            "?clientId=" + "c".repeat(3_000) + "&cid=" + "c".repeat(300) + "&all=maybe&timeout=0",
            "?clientId=victim&query=%F0%9F%98%80%ED%A0%80&event=&order=sideways&limit=0&timeout=0");

    private static TestServer server;
    private static String token;
    private static String agentToken;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.channel(Scenarios.SHOP);
        server.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "correct horse",
                "name", "Anna"));
        agentToken = server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password",
                "correct horse")).json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String concrete(String pattern) {
        return pattern.replace("{token}", token).replace("{clientId}", "victim").replace("{questionId}", "q-1")
                .replace("{id}", "1");
    }

    private static Map<String, String> headers(String path) {
        String bearer = path.startsWith("/api/v1/agent/") ? agentToken : TestServer.ADMIN_TOKEN;
        return Map.of("Content-Type", "application/json", "Authorization", "Bearer " + bearer);
    }

    @Test
    void noRouteAnswersAHostileBodyWithAServerErrorOrAnErrorThatIsNotJson() {
        SoftAssertions softly = new SoftAssertions();
        List<String> asked = new ArrayList<>();
        for (String pattern : Parley.knownPaths()) {
            String path = concrete(pattern);
            for (String method : METHODS) {
                for (String body : BODIES) {
                    Http.Response response = server.http().send(method, path, body, headers(path));
                    String what = method + " " + pattern + " with " + body.substring(0, Math.min(body.length(), 40));
                    asked.add(what);
                    softly.assertThat(response.status()).as(what).isLessThan(500);
                    if (response.status() >= 400) {
                        softly.assertThat(response.header("Content-Type")).as(what).startsWith("application/json");
                        softly.assertThat(Json.readTrusted(response.text()).path("message").asText()).as(what)
                                .isNotBlank();
                    }
                }
            }
        }
        softly.assertAll();
        assertThat(asked).hasSizeGreaterThan(500);
    }

    @Test
    void noRouteAnswersHostileQueryParametersWithAServerErrorOrAnErrorThatIsNotJson() {
        SoftAssertions softly = new SoftAssertions();
        for (String pattern : Parley.knownPaths()) {
            if (pattern.endsWith("/stream")) {
                continue; // a stream that accepts its parameters stays open: EventStreamHttpTest covers them
            }
            String path = concrete(pattern);
            for (String query : QUERIES) {
                Http.Response response = server.http().send("GET", path + query, null, headers(path));
                String what = "GET " + pattern + query.substring(0, Math.min(query.length(), 60));
                softly.assertThat(response.status()).as(what).isLessThan(500);
                if (response.status() >= 400) {
                    softly.assertThat(response.header("Content-Type")).as(what).startsWith("application/json");
                }
            }
        }
        softly.assertAll();
    }
}
