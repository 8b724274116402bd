package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsHttpTest {

    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, Double> scrape() {
        Http.Response response = server.http().get("/metrics");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.text().split("\n")) {
            if (!line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    @Test
    void turnsAndTheirTimesAreCountedByKind() throws Exception {
        String path = "/chatapi/" + server.channel(Scenarios.SHOP);
        Map<String, Double> before = scrape();

        server.http().post(path, Map.of("clientId", "m-1", "query", "hello"));
        server.http().post(path, Map.of("clientId", "m-1", "query", "hello"));
        server.http().post(path + "/async", Map.of("clientId", "m-2", "query", "hello"));
        server.http().get(path + "/events?clientId=m-2&timeout=10");

        Map<String, Double> after = scrape();
        assertThat(after.get("parley_turns_total{kind=\"sync\"}") - before.get("parley_turns_total{kind=\"sync\"}"))
                .isEqualTo(2.0);
        assertThat(after.get("parley_turns_total{kind=\"async\"}")).isEqualTo(1.0);
        assertThat(after.get("parley_sync_turn_seconds_count")).isEqualTo(2.0);
        assertThat(after.get("parley_sync_turn_seconds_bucket{le=\"+Inf\"}")).isEqualTo(2.0);
        assertThat(after.get("parley_sync_turn_seconds_sum")).isPositive();
        assertThat(after.get("parley_waiting_polls")).isZero();
        assertThat(after.get("parley_webhook_pending")).isZero();
        assertThat(after.get("parley_jvm_heap_used_bytes")).isPositive();
    }

    @Test
    void metricsAreReadOnly() {
        Http.Response post = server.http().post("/metrics", Map.of());

        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("message").asText()).contains("POST");
    }
}
