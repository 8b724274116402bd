package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.config.Config;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a turn reads its client's row from what the node's last turn of that client committed, not from the
 * database: a row changed since, on the other node or behind both nodes' backs, must still never be built upon.
 */
class CommittedRowsOnPostgresTest {

    private Config config;
    private TestServer a;
    private TestServer b;
    private String token;

    @BeforeEach
    void start() {
        config = TestPostgres.newDatabase(TestServer.tempDir());
        a = TestServer.start(config, Clock.systemUTC());
        b = TestServer.start(config, Clock.systemUTC());
        token = a.channel(Scenarios.COUNTER);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        TestPostgres.dropDatabase(config);
    }

    private String say(TestServer node, String clientId, String query) {
        Http.Response turn = node.http().post("/chatapi/" + token, Map.of("clientId", clientId, "query", query));
        assertThat(turn.status()).isEqualTo(200);
        return turn.json().at("/data/answer").asText();
    }

    @Test
    void eachTurnOfAClientWhoseTurnsAlternateBetweenTheNodesSeesTheTurnBefore() {
        for (int i = 1; i <= 12; i++) {
            // each node keeps the row its own last turn committed, which the other node's turn has changed since
            assertThat(say(i % 2 == 0 ? a : b, "alt", "n " + i)).isEqualTo("n " + i + " after " + "1".repeat(i));
        }
    }

    @Test
    void aTurnWhoseKeptRowChangedBehindTheNodesBackRunsAgainFromTheDatabasesRow() throws Exception {
        assertThat(say(a, "pg-3", "n 1")).isEqualTo("n 1 after 1");
        assertThat(say(a, "pg-3", "n 2")).as("on the row the first turn committed").isEqualTo("n 2 after 11");
        // a writer no node hears of starts the session over, and moves its version as every writer of it must
        try (Connection other = DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
                Statement s = other.createStatement()) {
            s.execute("UPDATE clients SET session = '', session_version = session_version + 1"
                    + " WHERE client_id = 'pg-3'");
        }

        assertThat(say(a, "pg-3", "n 3")).as("the turn saw the changed row, not the one kept").isEqualTo("n 3 after 1");
        assertThat(say(a, "pg-3", "n 4")).isEqualTo("n 4 after 11");
    }
}
