package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sync deadline (408) and the per-client rate limit (429). */
class LimitsHttpTest {

    @Test
    void turnPastTheSyncDeadlineAnswers408AndItsReplyArrivesAsAnEvent() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/slow", exchange -> {
            sleep(2_500);
            byte[] body = "{\"status\":\"shipped\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slow.start();
        String scenario = """
                name: slow
                states:
                  /Ask:
                    - intent: {patterns: ["status"]}
                    - http: {method: GET, url: "http://127.0.0.1:%d/slow", save: {status: "$.status"}, ok: /Done, fail: /Failed}
                  /Done:
                    - text: "It is {{status}}"
                  /Failed:
                    - text: "failed"
                  /CatchAll:
                    - text: "?"
                """.formatted(slow.getAddress().getPort());
        try (TestServer server = TestServer.start(Map.of("PARLEY_SYNC_DEADLINE", "1s"))) {
            String path = "/chatapi/" + server.channel(scenario);

            Http.Response late = server.http().post(path, Map.of("clientId", "late", "query", "status"));

            assertThat(late.status()).isEqualTo(408);
            assertThat(late.json().get("message").asText()).contains("event");
            JsonNode events = server.http().get(path + "/events?clientId=late&timeout=10").json();
            assertThat(events.get("events").get(0).at("/event/data/answer").asText()).isEqualTo("It is shipped");
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void clientOverItsRateGets429WithRetryAfter() {
        try (TestServer server = TestServer.start(Map.of("PARLEY_CLIENT_RATE", "2"))) {
            String path = "/chatapi/" + server.channel(Scenarios.SHOP);
            List<Integer> statuses = new ArrayList<>();
            Http.Response limited = null;
            for (int i = 0; i < 10; i++) {
                Http.Response r = server.http().post(path, Map.of("clientId", "greedy", "query", "hello"));
                statuses.add(r.status());
                if (r.status() == 429) {
                    limited = r;
                }
            }
            assertThat(statuses).contains(200, 429);
            assertThat(limited.header("Retry-After")).isEqualTo("1");
            assertThat(server.http().post(path, Map.of("clientId", "other", "query", "hello")).status())
                    .as("another client is not limited by the first").isEqualTo(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
