package dev.parley.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/stats} and {@code /api/v1/overview}: admin only, strict parameters, counts of real turns. */
class StatsHttpTest {

    static final String SUPPORT = """
            name: support
            states:
              /Hello:
                - intent: {patterns: ["hello"]}
                - text: "Hello from the bot"
                - text: "and a second part"
              /Agent:
                - intent: {patterns: ["operator"]}
                - agent: {message: "Connecting you to a person", closePhrases: ["/close"], noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "Tell the bot something"
            """;
    /** The server's time: half past ten, so the current hour bucket is 10:00 and the day bucket 2026-12-03. */
    private static final Instant NOW = Instant.parse("2026-12-03T10:30:00Z");

    private TestServer server;
    private long channelId;
    private String path;

    @BeforeEach
    void start() {
        server = TestServer.start(TestServer.config(TestServer.tempDir()), Clock.fixed(NOW, ZoneOffset.UTC));
        JsonNode created = server.adminJson("POST", "/api/v1/channels", Json.object().put("name", "support")
                .put("scenario", SUPPORT));
        channelId = created.get("id").asLong();
        path = "/chatapi/" + created.get("token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void say(String clientId, String query) {
        assertThat(server.http().post(path, Map.of("clientId", clientId, "query", query)).status()).isEqualTo(200);
    }

    private JsonNode get(String target) {
        Http.Response r = server.http().admin("GET", target, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode bucket(JsonNode stats, String t) {
        for (JsonNode point : stats.get("series")) {
            if (point.get("t").asText().equals(t)) {
                return point;
            }
        }
        throw new AssertionError("no bucket " + t + " in " + stats);
    }

    private String agentToken() {
        server.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "correct horse",
                "name", "Anna"));
        return server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
    }

    private Http.Response as(String token, String method, String target, Object body) {
        return server.http().send(method, target, body, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + token));
    }

    @Test
    void syncTurnsCountOneClientAndOneBotMessageEachAndEachClientOnceAsActive() {
        say("ann", "hello");
        say("ann", "hello");
        say("bob", "something");

        JsonNode hours = get("/api/v1/stats?channelId=" + channelId);

        assertThat(hours.get("bucket").asText()).isEqualTo("hour");
        JsonNode now = bucket(hours, "2026-12-03T10:00:00.000Z");
        assertThat(now.get("clientMessages").asLong()).isEqualTo(3);
        assertThat(now.get("botMessages").asLong()).isEqualTo(3);
        assertThat(now.get("agentMessages").asLong()).isZero();
        assertThat(now.get("activeClients").asLong()).isEqualTo(2);
        JsonNode day = bucket(get("/api/v1/stats?bucket=day&channelId=" + channelId), "2026-12-03T00:00:00.000Z");
        assertThat(day.get("clientMessages").asLong()).isEqualTo(3);
        assertThat(day.get("activeClients").asLong()).isEqualTo(2);
        assertThat(bucket(get("/api/v1/stats"), "2026-12-03T10:00:00.000Z").get("botMessages").asLong())
                .as("all channels").isEqualTo(3);
    }

    @Test
    void theScenarioStudiosTriesAreNotCounted() {
        Http.Response tried = server.http().admin("POST", "/api/v1/channels/" + channelId + "/try",
                Map.of("clientId", "studio", "query", "hello"));
        assertThat(tried.status()).as(tried.text()).isEqualTo(200);
        say("ann", "hello");

        JsonNode now = bucket(get("/api/v1/stats?channelId=" + channelId), "2026-12-03T10:00:00.000Z");

        assertThat(now.get("clientMessages").asLong()).isEqualTo(1);
        assertThat(now.get("activeClients").asLong()).isEqualTo(1);
    }

    @Test
    void theSeriesHasEveryBucketOfTheRangeWithZerosWhereNothingHappened() {
        say("ann", "hello");

        JsonNode hours = get("/api/v1/stats").get("series");
        JsonNode days = get("/api/v1/stats?bucket=day").get("series");
        JsonNode range = get("/api/v1/stats?from=2026-12-02T22:10:00Z&to=2026-12-03T01:00:00Z").get("series");

        assertThat(hours).hasSize(24);
        assertThat(hours.get(0).get("t").asText()).isEqualTo("2026-12-02T11:00:00.000Z");
        assertThat(hours.get(23).get("t").asText()).isEqualTo("2026-12-03T10:00:00.000Z");
        assertThat(hours.get(22).get("clientMessages").asLong()).isZero();
        assertThat(days).hasSize(30);
        assertThat(days.get(29).get("t").asText()).isEqualTo("2026-12-03T00:00:00.000Z");
        List<String> starts = new ArrayList<>();
        range.forEach(p -> starts.add(p.get("t").asText()));
        assertThat(starts).containsExactly("2026-12-02T22:00:00.000Z", "2026-12-02T23:00:00.000Z",
                "2026-12-03T00:00:00.000Z");
    }

    @Test
    void anAgentsReplyCountsAsAnAgentMessageAndTheQueueShowsInTheOverview() {
        String anna = agentToken();
        say("carl", "operator");

        JsonNode waiting = get("/api/v1/overview?channelId=" + channelId);
        assertThat(waiting.at("/waitingForAgent/conversations").asLong()).isEqualTo(1);
        assertThat(waiting.get("activeClients24h").asLong()).isEqualTo(1);
        long id = as(anna, "GET", "/api/v1/agent/conversations?status=QUEUED", null).json().at("/items/0/id")
                .asLong();
        as(anna, "POST", "/api/v1/agent/conversations/" + id + "/accept", null);
        assertThat(as(anna, "POST", "/api/v1/agent/conversations/" + id + "/messages", Map.of("text", "Hi, Anna here"))
                .status()).isEqualTo(201);

        JsonNode now = bucket(get("/api/v1/stats?channelId=" + channelId), "2026-12-03T10:00:00.000Z");
        assertThat(now.get("clientMessages").asLong()).isEqualTo(1);
        assertThat(now.get("botMessages").asLong()).isEqualTo(1);
        assertThat(now.get("agentMessages").asLong()).as("the agent's reply; its join notice is no message")
                .isEqualTo(1);
        assertThat(get("/api/v1/overview").at("/waitingForAgent/conversations").asLong()).isZero();
    }

    @Test
    void theOverviewReportsSyncTurnLatencyAndWebhookHealth() {
        say("ann", "hello");

        JsonNode overview = get("/api/v1/overview");

        assertThat(overview.at("/syncTurns/count").asLong()).isEqualTo(1);
        assertThat(overview.at("/syncTurns/p50Ms").asDouble()).isPositive();
        assertThat(overview.at("/syncTurns/p99Ms").asDouble()).isGreaterThanOrEqualTo(
                overview.at("/syncTurns/p50Ms").asDouble());
        assertThat(overview.at("/webhooks/pending").asLong()).isZero();
        assertThat(overview.at("/webhooks/dead").asLong()).isZero();
        assertThat(overview.at("/webhooks/lastError").isNull()).isTrue();
        assertThat(overview.at("/waitingForAgent/longestWaitSeconds").asLong()).isZero();
    }

    @Test
    void bothEndpointsWantAnAdmin() {
        String anna = agentToken();
        for (String target : List.of("/api/v1/stats", "/api/v1/overview")) {
            assertThat(server.http().get(target).status()).as(target).isEqualTo(401);
            assertThat(as(anna, "GET", target, null).status()).as(target).isEqualTo(403);
        }
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        Map<String, String> bad = Map.of(
                "/api/v1/stats?bucket=week", "bucket",
                "/api/v1/stats?from=yesterday", "from",
                "/api/v1/stats?to=soon", "to",
                "/api/v1/stats?from=2026-12-03T10:00:00Z&to=2026-12-03T09:00:00Z", "from must be before to",
                "/api/v1/stats?from=2026-01-01T00:00:00Z", "at most 1000",
                "/api/v1/stats?channelId=abc", "channelId",
                "/api/v1/overview?channelId=-1", "channelId",
                "/api/v1/stats?from=-5", "from");
        bad.forEach((target, named) -> {
            Http.Response r = server.http().admin("GET", target, null);
            assertThat(r.status()).as(target).isEqualTo(400);
            assertThat(r.json().get("message").asText()).as(target).contains(named);
        });
        assertThat(server.http().admin("GET", "/api/v1/stats?channelId=999", null).status()).isEqualTo(404);
    }
}
