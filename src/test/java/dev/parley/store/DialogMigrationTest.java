package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.config.Config;
import dev.parley.dialog.DialogStore;
import dev.parley.dialog.SearchIndex;
import dev.parley.dialog.SearchHit;
import dev.parley.dialog.SearchText;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages stored before search existed (schema version 14) are found after the upgrade, and their clients listed
 * (with the minute of their activity filled in); on SQLite and on PostgreSQL.
 */
class DialogMigrationTest {

    @TempDir
    Path dataDir;

    @Test
    void messagesOfVersion14AreSearchableAfterTheUpgradeOnSqlite() throws SQLException {
        Config config = TestServer.config(dataDir);
        String url = "jdbc:sqlite:" + config.dataDir().resolve("parley.db").toAbsolutePath();
        upgradeAndCheck(config, url, "", "", Dialect.SQLITE);
    }

    @Test
    void messagesOfVersion14AreSearchableAfterTheUpgradeOnPostgres() throws SQLException {
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
                .target("14").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO clients (channel_id, client_id, session, session_version, session_ended, last_activity,
                                         last_ts, message_count)
                    VALUES (1, 'ann', '', 1, 0, 1767225659999, 2, 2)""");
            s.executeUpdate("""
                    INSERT INTO events (channel_id, client_id, ts, type, question_id, unsolicited, author, text, status,
                                        body)
                    VALUES (1, 'ann', 1, 'request', 'q1', 0, 'CLIENT', 'Where are my parcels?', NULL, '{}'),
                           (1, 'ann', 2, 'botResponse', 'q1', 0, 'BOT', 'On their way', 'SENT', '{}')""");
        }

        try (Database db = Database.open(config)) {
            DialogStore dialogs = new DialogStore(db, new SearchIndex(db));
            assertThat(dialogs.search(1, SearchText.parse("parcel"), OptionalLong.empty(), 10))
                    .extracting(SearchHit::text).containsExactly("Where are my parcels?");
            assertThat(dialogs.clients(1, "", Optional.empty(), 10)).singleElement()
                    .satisfies(ann -> assertThat(ann.lastMessage()).hasValueSatisfying(
                            m -> assertThat(m.text()).isEqualTo("On their way")));
            long minute = db.read(h -> h.createQuery("SELECT activity_minute FROM clients").mapTo(Long.class).one());
            assertThat(minute).as("the minute of the activity, which the Dialogs index holds (V21)").isEqualTo(29_453_760L);
        }
    }
}
