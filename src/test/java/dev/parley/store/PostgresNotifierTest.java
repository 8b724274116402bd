package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.config.Config;
import dev.parley.testing.TestServer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Notices of committed writes go out after their commit, on the notifier's own connection. */
class PostgresNotifierTest {

    private static final String CHANNEL = "parley_test";

    private Config config;
    private Connection listener;

    @BeforeEach
    void listen() throws SQLException {
        config = TestPostgres.newDatabase(TestServer.tempDir());
        listener = connect();
        try (Statement st = listener.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        }
    }

    @AfterEach
    void stop() throws SQLException {
        listener.close();
        TestPostgres.dropDatabase(config);
    }

    @Test
    void aNoticeGoesOutOnlyOnceItsTransactionCommitted() throws SQLException {
        try (Database db = Database.open(config)) {
            db.write(h -> {
                PostgresNotifier.afterCommit(h, CHANNEL, "committed");
                assertThat(receiveInTransaction(300)).as("nothing before the commit").isEmpty();
                return null;
            });

            assertThat(receive(5_000)).containsExactly("committed");
        }
    }

    @Test
    void aRolledBackTransactionSendsNothing() throws SQLException {
        try (Database db = Database.open(config)) {
            assertThatThrownBy(() -> db.write(h -> {
                PostgresNotifier.afterCommit(h, CHANNEL, "rolled back");
                throw new IllegalStateException("the turn fails");
            })).isInstanceOf(IllegalStateException.class);
            db.write(h -> {
                PostgresNotifier.afterCommit(h, CHANNEL, "next");
                return null;
            });

            assertThat(receive(5_000)).containsExactly("next");
        }
    }

    @Test
    void noticesThatCouldNotBeSentAreSentOnceTheDatabaseAnswersAgain() throws SQLException {
        AtomicInteger refusals = new AtomicInteger(3);
        PostgresNotifier notifier = new PostgresNotifier(new FlakySource(refusals));
        try {
            notifier.send(CHANNEL, "a");
            notifier.send(CHANNEL, "b");

            List<String> got = new ArrayList<>(receive(10_000));
            if (got.size() < 2) {
                got.addAll(receive(5_000));
            }
            assertThat(got).containsExactlyInAnyOrder("a", "b");
            assertThat(refusals.get()).isNegative();
        } finally {
            notifier.close();
        }
    }

    @Test
    void noticesOfAChannelGoAsJsonArraysThatFitANotification() {
        List<PostgresNotifier.Notice> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(new PostgresNotifier.Notice(CHANNEL, i + ":client \"ü\" " + i));
        }
        batch.add(new PostgresNotifier.Notice("other", "x"));

        Map<String, List<String>> payloads = PostgresNotifier.payloads(batch);

        assertThat(payloads.get("other")).containsExactly("[\"x\"]");
        assertThat(payloads.get(CHANNEL)).hasSizeGreaterThan(1)
                .allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(PostgresNotifier.MAX_PAYLOAD_BYTES));
        assertThat(payloads.get(CHANNEL).stream().flatMap(p -> PostgresNotifier.notices(p).stream()).toList())
                .isEqualTo(batch.subList(0, 2_000).stream().map(PostgresNotifier.Notice::payload).toList());
    }

    private List<String> receiveInTransaction(int millis) {
        try {
            return receive(millis);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The notices that arrive within {@code millis}, waiting no longer once some arrived. */
    private List<String> receive(int millis) throws SQLException {
        List<String> payloads = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (payloads.isEmpty() && System.currentTimeMillis() < deadline) {
            PGNotification[] notices = listener.unwrap(PGConnection.class).getNotifications(100);
            for (PGNotification n : notices == null ? new PGNotification[0] : notices) {
                payloads.addAll(PostgresNotifier.notices(n.getParameter()));
            }
        }
        return payloads;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
    }

    /** Refuses the first connections it is asked for, as a database that is restarting would. */
    private final class FlakySource implements DataSource {
        private final AtomicInteger refusals;

        FlakySource(AtomicInteger refusals) {
            this.refusals = refusals;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (refusals.getAndDecrement() > 0) {
                throw new SQLTransientConnectionException("the database restarts");
            }
            return connect();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // no log
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the driver's default
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
