package dev.parley.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.MovableClock;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A channel's {@code historyRetention}: validated like the other settings, and the background worker (run every
 * 100 ms here) deletes only the messages older than it, of that channel only. Days pass on a movable clock.
 */
class RetentionHttpTest {

    private static final MovableClock CLOCK = new MovableClock();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.config(TestServer.tempDir(), Map.of("PARLEY_RETENTION_INTERVAL",
                "100ms")), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode create(String name) {
        return server.http().admin("POST", "/api/v1/channels", Map.of("name", name, "scenario", Scenarios.SHOP))
                .json();
    }

    private static Http.Response patch(long id, Object retention) {
        return server.http().admin("PATCH", "/api/v1/channels/" + id,
                Json.object().putPOJO("historyRetention", retention));
    }

    @Test
    void retentionIsAnIsoDurationShownOnTheChannelAndNullKeepsForever() {
        long id = create("setting").get("id").asLong();
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id, null).get("historyRetention").isNull()).isTrue();

        assertThat(patch(id, "p30d").status()).isEqualTo(200);
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id, null).get("historyRetention").asText())
                .isEqualTo("P30D");
        assertThat(patch(id, "PT12H").json().get("historyRetention").asText()).isEqualTo("PT12H");

        assertThat(patch(id, null).json().get("historyRetention").isNull()).isTrue();
        assertThat(patch(id, "P7D").status()).isEqualTo(200);
        assertThat(patch(id, "").json().get("historyRetention").isNull()).isTrue();
    }

    @Test
    void aBadRetentionIsA400NamingTheFieldAndChangesNothing() {
        long id = create("bad-setting").get("id").asLong();
        patch(id, "P30D");
        for (Object bad : List.of("30 days", "PT1S", "P1M", "P100000D", 30, "P" + "9".repeat(100) + "D")) {
            Http.Response refused = patch(id, bad);
            assertThat(refused.status()).as(String.valueOf(bad)).isEqualTo(400);
            assertThat(refused.json().get("message").asText()).contains("historyRetention");
        }
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id, null).get("historyRetention").asText())
                .isEqualTo("P30D");
        Http.Response created = server.http().admin("POST", "/api/v1/channels", Map.of("name", "x", "scenario",
                Scenarios.SHOP, "historyRetention", "soon"));
        assertThat(created.status()).isEqualTo(400);
    }

    @Test
    void theWorkerDeletesOnlyMessagesOlderThanTheRetentionOfThatChannel() throws InterruptedException {
        JsonNode kept = create("keeps-forever");
        JsonNode month = create("keeps-a-day");
        String keptPath = "/chatapi/" + kept.get("token").asText();
        String dayPath = "/chatapi/" + month.get("token").asText();
        say(dayPath, "old-1", "hello");
        say(dayPath, "both-1", "hello");
        say(keptPath, "old-1", "hello");
        CLOCK.advance(Duration.ofDays(2));
        say(dayPath, "both-1", "bye");
        say(dayPath, "new-1", "hello");

        assertThat(patch(month.get("id").asLong(), "P1D").status()).isEqualTo(200);

        awaitTotal(dayPath, "old-1", 0);
        awaitTotal(dayPath, "both-1", 2);
        assertThat(texts(dayPath, "both-1")).containsExactly("bye", "Bye!");
        assertThat(total(dayPath, "new-1")).isEqualTo(2);
        assertThat(total(keptPath, "old-1")).isEqualTo(2);
    }

    private static void say(String path, String clientId, String query) {
        assertThat(server.http().post(path, Map.of("clientId", clientId, "query", query)).status()).isEqualTo(200);
    }

    private static int total(String path, String clientId) {
        return server.http().get(path + "/client/" + clientId + "/history").json().get("totalCount").asInt();
    }

    private static List<String> texts(String path, String clientId) {
        List<String> texts = new ArrayList<>();
        server.http().get(path + "/client/" + clientId + "/history").json().get("messages")
                .forEach(m -> texts.add(m.get("textMessage").asText()));
        return texts;
    }

    /** Waits (a few passes of the worker) until the client's history has {@code expected} messages. */
    private static void awaitTotal(String path, String clientId, int expected) throws InterruptedException {
        for (int i = 0; i < 200 && total(path, clientId) != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(total(path, clientId)).as(clientId).isEqualTo(expected);
    }
}
