package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database, idle between their workers' slow looks: the work a node leaves when it stops
 * is taken by the other at once, woken by the leaving node's notice rather than by its next look.
 */
class NodeLeavingOnPostgresTest {

    private static final String TIMED = """
            name: timed
            states:
              /Wait:
                - intent: {patterns: ["wait"]}
                - text: "Waiting"
                - timeout: {after: 2s, goto: /StillThere}
              /StillThere:
                - text: "Still there?"
              /CatchAll:
                - text: "?"
            """;

    private Config config;
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void start() {
        config = TestPostgres.newDatabase(TestServer.tempDir());
        a = TestServer.start(config, Clock.systemUTC());
        b = TestServer.start(config.withPort(0), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        b.close();
        TestPostgres.dropDatabase(config);
    }

    @Test
    void aBotTimerSetOnANodeThatStoppedFiresOnTheOtherWhenDue() {
        String token = a.channel(Json.object().put("name", "timed").put("scenario", TIMED));
        a.http().post("/chatapi/" + token, Map.of("clientId", "l-1", "query", "wait"));
        a.close();
        long stopped = System.currentTimeMillis();

        // b's timer worker sleeps up to 10 s between looks; a's leaving wakes it
        JsonNode events = b.http().get("/chatapi/" + token + "/events?clientId=l-1&ts=0&timeout=6").json()
                .get("events");

        assertThat(events).as("fired by b about 2 s after the turn").hasSize(1);
        assertThat(events.get(0).at("/event/data/answer").asText()).isEqualTo("Still there?");
        assertThat(System.currentTimeMillis() - stopped).isLessThan(4_500);
    }

    @Test
    void theAsyncTurnsOfANodeThatStoppedAreRunByTheOtherBeforeItsNextBeat() throws Exception {
        RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
        String token = a.channel(Json.object().put("name", "hooked").put("scenario", Scenarios.SHOP)
                .put("webhookUrl", receiver.url()));
        try {
            // committing a turn writes the outbox; while it is away, a's turns fail and stay pending
            sql("ALTER TABLE deliveries RENAME TO deliveries_away");
            String asked = a.http().post("/chatapi/" + token + "/async", Map.of("clientId", "l-2", "query", "hello"))
                    .json().get("questionId").asText();
            a.close();
            long stopped = System.currentTimeMillis();
            sql("ALTER TABLE deliveries_away RENAME TO deliveries");

            List<RecordingWebhookReceiver.Call> calls = receiver.await(1, 30_000);

            assertThat(calls.getFirst().json().get(0).get("questionId").asText()).isEqualTo(asked);
            assertThat(System.currentTimeMillis() - stopped).as("b beats only every 5 s").isLessThan(3_000);
        } finally {
            receiver.close();
        }
    }

    private void sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.dbUrl(), config.dbUser(), "");
             java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
