package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.store.Database;
import dev.parley.testing.Http;
import dev.parley.testing.MovableClock;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SQLite database that cannot grow, as on a full disk: SQLite's own page limit makes every write that needs a new
 * page fail with {@code SQLITE_FULL}, the very error a full disk gives. Writes then answer {@code 503} and
 * {@code /health} reports the node down, until writes have stopped failing for a while.
 */
class FullDiskHealthHttpTest {

    private static final String UNLIMITED = "PRAGMA max_page_count = 4294967294";

    private final MovableClock clock = new MovableClock();
    private Config config;
    private Parley parley;
    private Http http;

    @BeforeEach
    void start() {
        config = TestServer.config(TestServer.tempDir());
        parley = Parley.start(config, clock);
        http = new Http("http://127.0.0.1:" + parley.port());
    }

    @AfterEach
    void stop() {
        parley.close();
    }

    @Test
    void healthIsDownWhileWritesFailForWantOfDiskAndUpAgainOnceTheyHaveStoppedFailing() {
        String path = "/chatapi/" + channel();
        assertThat(http.get("/health").status()).isEqualTo(200);

        fillTheDisk(parley.database());
        int refused = 0;
        StringBuilder statuses = new StringBuilder();
        for (int i = 0; i < 200 && refused < 5; i++) {
            Http.Response turn = http.post(path, Map.of("clientId", "disk-" + i, "query", "x".repeat(4_000)));
            statuses.append(turn.status()).append(' ');
            if (turn.status() == 200) {
                refused = 0; // a page still had room: not yet full
                continue;
            }
            assertThat(turn.status()).as(turn.text()).isEqualTo(503);
            assertThat(turn.json().get("error").asText()).isEqualTo("server.unavailable");
            assertThat(turn.header("Retry-After")).isEqualTo("5");
            refused++;
        }

        assertThat(refused).as("writes refused in a row by the full disk: %s", statuses).isEqualTo(5);
        Http.Response down = http.get("/health");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(down.json().get("reason").asText()).startsWith("writes are failing");
        assertThat(http.get("/metrics").text()).containsPattern("\nparley_database_unavailable_writes_total [5-9]\n");

        parley.database().write(h -> h.execute(UNLIMITED));
        Http.Response turn = http.post(path, Map.of("clientId", "after", "query", "x".repeat(4_000)));
        assertThat(turn.status()).isEqualTo(200);
        assertThat(http.get("/health").status()).as("until the failures are 10 s old").isEqualTo(503);

        clock.advance(Duration.ofSeconds(10));

        Http.Response up = http.get("/health");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().get("status").asText()).isEqualTo("UP");
        assertThat(up.json().has("reason")).isFalse();
    }

    @Test
    void aFewRefusedWritesAloneDoNotTakeTheNodeOut() {
        String path = "/chatapi/" + channel();
        fillTheDisk(parley.database());
        int refused = 0;
        for (int i = 0; i < 200 && refused < 2; i++) {
            int status = http.post(path, Map.of("clientId", "blip-" + i, "query", "x".repeat(4_000))).status();
            refused = status == 503 ? refused + 1 : 0;
        }

        assertThat(refused).isEqualTo(2);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    private String channel() {
        JsonNode created = http.admin("POST", "/api/v1/channels", Json.object().put("name", "disk")
                .put("scenario", Scenarios.SHOP)).json();
        return created.get("token").asText();
    }

    /** No page may be added to the database file any more: the writer's connection holds the limit. */
    private static void fillTheDisk(Database db) {
        db.write(h -> h.execute("PRAGMA max_page_count = " + h.createQuery("PRAGMA page_count").mapTo(Long.class)
                .one()));
    }
}
