package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.ManualClock;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a turn's update of its client row is HOT (heap-only: no new entry in any index of clients) while the
 * minute of the client's activity stays the same: clients_recent holds the minute, not the activity (V21). The
 * update that moves the client into a new minute is the only one that touches the indexes.
 */
class ClientRowHotUpdateOnPostgresTest {

    /** A minute's start plus a second, so that the first two turns fall in one minute and the third in the next. */
    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_767_225_601_000L));

    @Test
    void turnsWithinAMinuteUpdateTheClientRowWithoutTouchingItsIndexes() throws SQLException {
        Config config = TestPostgres.newDatabase(TestServer.tempDir());
        try {
            TestServer server = TestServer.start(config, clock);
            try {
                String chat = "/chatapi/" + server.channel(Scenarios.SHOP);
                for (Duration wait : new Duration[] {Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(60)}) {
                    clock.advance(wait);
                    assertThat(server.http().post(chat, Json.object().put("clientId", "hot").put("query", "hello"))
                            .status()).isEqualTo(200);
                }
            } finally {
                server.close(); // its connections end: PostgreSQL sends a backend's table statistics when it exits
            }

            long[] updates = updatesOfClients(config);

            assertThat(updates[0]).as("updates of client rows").isGreaterThanOrEqualTo(2);
            assertThat(updates[0] - updates[1]).as("of which not HOT: the one into the next minute").isEqualTo(1);
        } finally {
            TestPostgres.dropDatabase(config);
        }
    }

    /**
     * (updates, HOT updates) of clients once the statistics show some, within 10 seconds: the statistics collector
     * gets them from the ended backends a moment later.
     */
    private static long[] updatesOfClients(Config config) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
             Statement s = c.createStatement()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery(
                        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'clients'")) {
                    rs.next();
                    long[] updates = {rs.getLong(1), rs.getLong(2)};
                    if (updates[0] >= 2 || System.nanoTime() > deadline) {
                        return updates;
                    }
                }
                try {
                    Thread.sleep(20); // between reads, each of which asks the collector for a new snapshot
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
