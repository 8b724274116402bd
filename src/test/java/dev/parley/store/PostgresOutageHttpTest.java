package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The server on a PostgreSQL that crashes and comes back. While it is down every request answers {@code 503} with
 * {@code Retry-After} within the database timeout (3 s by default) instead of hanging, {@code /health} says DOWN and
 * {@code /metrics} still answers; once it is back, requests succeed again without a restart.
 */
class PostgresOutageHttpTest {

    /** Far above the 3 s the server may wait for the database, far below the 30 s it used to wait. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(12);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void whileTheDatabaseIsDownRequestsAnswer503FastAndOnceItIsBackTheySucceedAgain() throws Exception {
        try (TestPostgres.Instance pg = TestPostgres.dedicated()) {
            Config config = pg.newDatabase(TestServer.tempDir());
            try (TestServer server = TestServer.start(config, Clock.systemUTC())) {
                String base = "http://127.0.0.1:" + server.port();
                String token = server.channel(Scenarios.SHOP);
                assertThat(turn(base, token, "before").statusCode()).isEqualTo(200);

                pg.stop();

                assertUnavailable(turn(base, token, "during"));
                assertUnavailable(send(base, "GET", "/chatapi/" + token + "/client/c-1/history", null, false));
                assertUnavailable(send(base, "GET", "/api/v1/channels", null, true));
                HttpResponse<String> health = send(base, "GET", "/health", null, false);
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(Json.readTrusted(health.body()).get("status").asText()).isEqualTo("DOWN");
                assertThat(Json.readTrusted(health.body()).get("reason").asText()).contains("does not answer");
                HttpResponse<String> metrics = await(() -> send(base, "GET", "/metrics", null, false),
                        m -> m.body().contains("\nparley_database_up 0\n"));
                assertThat(metrics.body()).contains("parley_webhook_pending 0");
                // the pooled connections are gone by now: these wait for a new one, up to PARLEY_DB_TIMEOUT
                assertUnavailable(turn(base, token, "still down"));
                assertUnavailable(send(base, "GET", "/api/v1/channels", null, true));

                pg.start();

                await(() -> turn(base, token, "after"), r -> r.statusCode() == 200);
                // up once the writes refused during the outage are 10 s old
                await(() -> send(base, "GET", "/health", null, false), r -> r.statusCode() == 200);
                JsonNode history = Json.readTrusted(send(base, "GET", "/chatapi/" + token + "/client/c-1/history",
                        null, false).body());
                assertThat(history.get("totalCount").asLong()).as("before and after, each with its reply")
                        .isEqualTo(4);
                await(() -> send(base, "GET", "/metrics", null, false),
                        m -> m.body().contains("\nparley_database_up 1\n"));
            }
        }
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode body = Json.readTrusted(response.body());
        assertThat(body.get("error").asText()).isEqualTo("server.unavailable");
        assertThat(body.get("status").asInt()).isEqualTo(503);
    }

    private HttpResponse<String> turn(String base, String token, String text) throws Exception {
        return send(base, "POST", "/chatapi/" + token, Json.write(Json.object().put("clientId", "c-1")
                .put("query", text)), false);
    }

    /** Fails the test, rather than waiting, when the server takes longer than {@link #CLIENT_TIMEOUT}. */
    private HttpResponse<String> send(String base, String method, String path, String body, boolean admin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(CLIENT_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (admin) {
            request.header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** Repeats the call until its answer passes, for at most 30 s. */
    private static HttpResponse<String> await(Call call, Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = call.send();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = call.send();
        }
        assertThat(done.test(last)).as("%s %s", last.statusCode(), last.body()).isTrue();
        return last;
    }
}
