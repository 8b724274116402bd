package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The whole server runs on PostgreSQL: migrations, the admin API and a conversation turn, over HTTP. */
class ServerOnPostgresTest {

    @Test
    void serverStartsOnPostgresCreatesAChannelAndAnswersASyncTurn() {
        Config config = TestPostgres.newDatabase(TestServer.tempDir());
        try (TestServer server = TestServer.start(config, Clock.systemUTC())) {
            assertThat(server.http().get("/health").json().get("status").asText()).isEqualTo("UP");
            String token = server.channel(Scenarios.SHOP);

            Http.Response turn = server.http().post("/chatapi/" + token,
                    Json.object().put("clientId", "pg-1").put("query", "hello"));

            assertThat(turn.status()).isEqualTo(200);
            assertThat(turn.json().at("/data/answer").asText()).isEqualTo("Hello, friend!");
            JsonNode history = server.http().get("/chatapi/" + token + "/client/pg-1/history").json();
            assertThat(history.get("totalCount").asLong()).isEqualTo(2);
            assertThat(history.at("/messages/0/author").asText()).isEqualTo("CLIENT");
            assertThat(history.at("/messages/1/textMessage").asText()).isEqualTo("Hello, friend!");
        } finally {
            TestPostgres.dropDatabase(config);
        }
    }

    @Test
    void aTurnWhoseClientRowIsLockedElsewhereAnswersOnceTheLockIsGone() throws Exception {
        Config config = TestPostgres.newDatabase(TestServer.tempDir());
        try (TestServer server = TestServer.start(config, Clock.systemUTC());
                Connection other = DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword())) {
            String token = server.channel(Scenarios.SHOP);
            server.http().post("/chatapi/" + token, Json.object().put("clientId", "pg-2").put("query", "hello"));
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("SELECT session FROM clients WHERE client_id = 'pg-2' FOR UPDATE");
            }
            // another transaction holds the row for longer than a lane waits for a lock (an outside turn, say)
            Thread release = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1_000);
                    other.rollback();
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            Http.Response turn = server.http().post("/chatapi/" + token,
                    Json.object().put("clientId", "pg-2").put("query", "hello"));
            release.join();

            assertThat(turn.status()).isEqualTo(200);
            assertThat(turn.json().at("/data/answer").asText()).isEqualTo("Hello, friend!");
            JsonNode history = server.http().get("/chatapi/" + token + "/client/pg-2/history").json();
            assertThat(history.get("totalCount").asLong()).isEqualTo(4);
        } finally {
            TestPostgres.dropDatabase(config);
        }
    }
}
