package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's read connections keep the statements of {@link Prepared} between reads ({@link Prepared.ReadCaches}). */
class ReadStatementsTest {

    private static final ClientKey ANN = new ClientKey(1, "ann");

    @TempDir
    Path dataDir;

    private Database db;
    private final ClientClock clock = new ClientClock(Dialect.SQLITE);

    @BeforeEach
    void open() {
        db = Database.open(TestServer.config(dataDir));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private PreparedStatement statementOfARead() {
        return db.read(h -> {
            try (Prepared.Use use = Prepared.statement(h, "SELECT 1")) {
                return use.statement();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aReadConnectionKeepsItsStatementOpenForTheNextRead() throws SQLException {
        PreparedStatement first = statementOfARead();

        // the pool hands a thread back the connection it returned last
        assertThat(statementOfARead()).isSameAs(first);
        assertThat(first.isClosed()).as("closed as the pool took its connection back").isFalse();
    }

    @Test
    void aReadWithAKeptStatementSeesWhatWasCommittedAfterTheLastRead() {
        db.write(h -> clock.reserve(h, ANN, 1, 1, 1_000));
        for (long now = 2_000; now < 2_020; now++) {
            long ts = now;
            db.write(h -> clock.reserve(h, ANN, 1, 1, ts));

            assertThat(db.read(h -> clock.find(h, ANN, false)).orElseThrow().lastTs()).isEqualTo(ts);
        }
    }
}
