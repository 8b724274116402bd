package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.KnownPaths;
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
 * parameters, answers below 500, and every refusal is the JSON error body. The path list is the server's own ({@link KnownPaths#knownPaths()}), so a new
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

    private static final String LOGOUT = "/api/v1/agent/logout";

    private static TestServer server;
    private static String token;
    private static String agentToken;
    private static long throwawayChannelId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.channel(Scenarios.SHOP);
        // {id} paths get a channel of their own: rotating its token must not take the swept Chat API's away
        server.channel(Json.object().put("name", "throwaway").put("scenario", Scenarios.SHOP));
        for (JsonNode channel : server.adminJson("GET", "/api/v1/channels", null).get("items")) {
            if (channel.get("name").asText().equals("throwaway")) {
                throwawayChannelId = channel.get("id").asLong();
            }
        }
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
                .replace("{id}", String.valueOf(throwawayChannelId)).replace("{version}", "1")
                .replace("{name}", "demo").replace("{fileId}", "AAAAAAAAAAAAAAAAAAAAAA");
    }

    /** Every routed path, logout last: it ends the agent session the other agent paths are asked with. */
    private static List<String> sweptPaths() {
        List<String> paths = new ArrayList<>(KnownPaths.knownPaths());
        paths.remove(LOGOUT);
        paths.add(LOGOUT);
        return paths;
    }

    /** The swept channel and agent were live throughout, so every request reached its route's own checks. */
    private static void assertTheSweepReachedTheRoutes() {
        assertThat(server.http().post("/chatapi/" + token, Map.of("clientId", "after", "query", "hello")).status())
                .as("the Chat API's token survived the sweep").isEqualTo(200);
    }

    private static Map<String, String> headers(String path) {
        String bearer = path.startsWith("/api/v1/agent/") ? agentToken : TestServer.ADMIN_TOKEN;
        return Map.of("Content-Type", "application/json", "Authorization", "Bearer " + bearer);
    }

    @Test
    void noRouteAnswersAHostileBodyWithAServerErrorOrAnErrorThatIsNotJson() {
        SoftAssertions softly = new SoftAssertions();
        List<String> asked = new ArrayList<>();
        for (String pattern : sweptPaths()) {
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
        assertTheSweepReachedTheRoutes();
    }

    @Test
    void noRouteAnswersHostileQueryParametersWithAServerErrorOrAnErrorThatIsNotJson() {
        SoftAssertions softly = new SoftAssertions();
        for (String pattern : sweptPaths()) {
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
        assertTheSweepReachedTheRoutes();
    }
}
