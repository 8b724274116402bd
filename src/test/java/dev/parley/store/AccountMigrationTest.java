package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.agent.AgentService;
import dev.parley.agent.AgentStore;
import dev.parley.agent.Role;
import dev.parley.config.Config;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * An agent account made before accounts had roles (schema version 10) is, after the upgrade, an active agent that logs
 * in with its old password; on SQLite and on PostgreSQL.
 */
class AccountMigrationTest {

    private static final String PASSWORD = "correct horse";

    @TempDir
    Path dataDir;

    @Test
    void anAgentOfVersion10IsAnActiveAgentAfterTheUpgradeOnSqlite() throws SQLException {
        Config config = TestServer.config(dataDir);
        String url = "jdbc:sqlite:" + config.dataDir().resolve("parley.db").toAbsolutePath();
        upgradeAndCheck(config, url, "", "", Dialect.SQLITE);
    }

    @Test
    void anAgentOfVersion10IsAnActiveAgentAfterTheUpgradeOnPostgres() throws SQLException {
        Config config = TestPostgres.newDatabase(dataDir);
        try {
            upgradeAndCheck(config, config.dbUrl(), config.dbUser(), config.dbPassword(), Dialect.POSTGRESQL);
        } finally {
            TestPostgres.dropDatabase(config);
        }
    }

    private static void upgradeAndCheck(Config config, String url, String user, String password, Dialect dialect)
            throws SQLException {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration/" + dialect.migrations())
                .target("10").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO agents (login, name, password_hash, created_at) VALUES ('anna', 'Anna', ?, 1)")) {
            insert.setString(1, new BCryptPasswordEncoder(10).encode(PASSWORD));
            insert.executeUpdate();
        }

        try (Database db = Database.open(config)) {
            AgentService accounts = new AgentService(new AgentStore(db), Clock.systemUTC(), id -> { });
            assertThat(accounts.list()).singleElement().satisfies(a -> {
                assertThat(a.login()).isEqualTo("anna");
                assertThat(a.role()).isEqualTo(Role.AGENT);
                assertThat(a.active()).isTrue();
            });
            AgentService.Login login = accounts.login("anna", PASSWORD, "127.0.0.1");
            assertThat(login.account().role()).isEqualTo(Role.AGENT);
            assertThat(accounts.findSession(login.token())).isPresent();
        }
    }
}
