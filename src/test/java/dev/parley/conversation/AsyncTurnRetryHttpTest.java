package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.store.TestPostgres;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An async turn whose commit fails for a while — here because its table is away, a real database error on the turn's
 * own transaction, for less than the five tries a failure that is not the database's being away is given — is tried
 * again until it commits: its reply reaches the events and the webhook without a restart, and the client's later turn
 * does not overtake it. One that fails for good is given up, and frees its client's lane.
 */
class AsyncTurnRetryHttpTest {

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;
    private Config postgres;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
        if (postgres != null) {
            TestPostgres.dropDatabase(postgres);
        }
    }

    @Test
    void anAsyncTurnWhoseCommitFailsForAWhileIsAnsweredWithoutARestartOnSqlite() throws Exception {
        Config config = TestServer.config(TestServer.tempDir());
        server = TestServer.start(config, Clock.systemUTC());
        String url = "jdbc:sqlite:" + config.dataDir().resolve("parley.db").toAbsolutePath();

        failingForAWhileIsRetried(() -> DriverManager.getConnection(url));
    }

    @Test
    void anAsyncTurnWhoseCommitFailsForAWhileIsAnsweredWithoutARestartOnPostgres() throws Exception {
        postgres = TestPostgres.newDatabase(TestServer.tempDir());
        server = TestServer.start(postgres, Clock.systemUTC());

        failingForAWhileIsRetried(() -> DriverManager.getConnection(postgres.dbUrl(), postgres.dbUser(), ""));
    }

    @Test
    void anAsyncTurnThatFailsForAnotherReasonThanTheDatabaseIsGivenUpAndNoLongerBlocksItsClient() throws Exception {
        Config config = TestServer.config(TestServer.tempDir());
        server = TestServer.start(config, Clock.systemUTC());
        String url = "jdbc:sqlite:" + config.dataDir().resolve("parley.db").toAbsolutePath();
        Connect database = () -> DriverManager.getConnection(url);
        String givenUp;
        String token = server.channel(Json.object().put("name", "hooked").put("scenario", Scenarios.SHOP)
                .put("webhookUrl", receiver.url()));
        // a table missing for good: every commit of the async turn fails, and not because the database is away
        execute(database, "ALTER TABLE deliveries RENAME TO deliveries_away");
        try {
            givenUp = ask(token, Map.of("clientId", "r-1", "query", "hello"));
            awaitMetric("parley_async_turns_pending", pending -> pending == 1);

            // five tries: about 1 + 2 + 4 + 8 s of pauses
            awaitMetric("parley_async_turns_pending", pending -> pending == 0, 45_000);
            var later = server.http().post("/chatapi/" + token, Map.of("clientId", "r-1", "query", "hello again"));
            assertThat(later.status()).as("the client's lane is free again: " + later.text()).isEqualTo(200);
        } finally {
            execute(database, "ALTER TABLE deliveries_away RENAME TO deliveries");
        }
        assertThat(replies(token)).as("the later turn's reply only: the given-up turn gets none").hasSize(1)
                .doesNotContain(givenUp);
    }

    private interface Connect {
        Connection open() throws SQLException;
    }

    private void failingForAWhileIsRetried(Connect database) throws Exception {
        String token = server.channel(Json.object().put("name", "hooked").put("scenario", Scenarios.SHOP)
                .put("webhookUrl", receiver.url()));
        // accepting an async request does not touch the outbox; committing its turn does, and fails while it is away
        execute(database, "ALTER TABLE deliveries RENAME TO deliveries_away");
        String first;
        String second;
        try {
            // with a key, which the accept stores with its answer: a failed turn once mistook that for its reply
            first = ask(token, Map.of("clientId", "r-1", "query", "hello", "requestId", "once-only"));
            second = ask(token, Map.of("clientId", "r-1", "query", "hello again"));
            awaitMetric("parley_async_turn_retries_total", retries -> retries >= 1);
            assertThat(replies(token)).as("nothing answered while the database fails").isEmpty();
            // a database gauge: refreshed in the background every few seconds, never read at the scrape
            awaitMetric("parley_async_turns_pending", pending -> pending == 2);
        } finally {
            execute(database, "ALTER TABLE deliveries_away RENAME TO deliveries");
        }

        List<RecordingWebhookReceiver.Call> calls = receiver.await(2, 30_000);
        List<String> pushed = new ArrayList<>();
        calls.forEach(call -> call.json().forEach(message -> pushed.add(message.get("questionId").asText())));
        assertThat(pushed).as("the failed turn first, then the client's later one").containsExactly(first, second);
        assertThat(replies(token)).containsExactly(first, second);
        awaitMetric("parley_async_turns_pending", pending -> pending == 0);
    }

    private String ask(String token, Map<String, String> body) {
        var accepted = server.http().post("/chatapi/" + token + "/async", body);
        assertThat(accepted.status()).isEqualTo(200);
        return accepted.json().get("questionId").asText();
    }

    /** The question ids of the bot's replies in the client's events, in order. */
    private List<String> replies(String token) {
        List<String> replies = new ArrayList<>();
        for (JsonNode e : server.http().get("/chatapi/" + token + "/events?clientId=r-1&all=true&timeout=0&ts=0")
                .json().get("events")) {
            if (e.get("type").asText().equals("botResponse")) {
                replies.add(e.at("/event/questionId").asText());
            }
        }
        return replies;
    }

    private static void execute(Connect database, String sql) throws SQLException {
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void awaitMetric(String sample, LongPredicate until) throws InterruptedException {
        awaitMetric(sample, until, 20_000);
    }

    private void awaitMetric(String sample, LongPredicate until, long millis) throws InterruptedException {
        for (long deadline = System.currentTimeMillis() + millis; !until.test(metric(sample)); Thread.sleep(50)) {
            assertThat(System.currentTimeMillis()).as("waiting for " + sample).isLessThan(deadline);
        }
    }

    private long metric(String sample) {
        for (String line : server.http().get("/metrics").text().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return (long) Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no " + sample + " in /metrics");
    }
}
