package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Transactions that share a SQLite commit still succeed or fail each on its own. */
class GroupCommitterTest {

    @Test
    void aFailingTransactionInABatchRollsBackOnlyItselfAndEveryOtherCommits() throws Exception {
        try (Database db = Database.open(TestServer.config(TestServer.tempDir()))) {
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                results.add(pool.submit(() -> db.write(h -> {
                    h.createUpdate("INSERT INTO read_cursors (channel_id, client_id, cid, last_ts) VALUES (1, :c, '', 1)")
                            .bind("c", "c" + n).execute();
                    if (n % 10 == 0) {
                        throw new IllegalArgumentException("job " + n + " fails after writing");
                    }
                    return n;
                })));
            }
            int failed = 0;
            for (Future<Integer> result : results) {
                try {
                    result.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
                    failed++;
                }
            }
            pool.shutdown();
            assertThat(failed).isEqualTo(50);
            long rows = db.read(h -> h.createQuery("SELECT COUNT(*) FROM read_cursors").mapTo(Long.class).one());
            assertThat(rows).isEqualTo(450);
        }
    }

    @Test
    void maintenanceRunsOutsideAnyTransactionWhileConcurrentWritesAllCommit() throws Exception {
        Path file = TestServer.tempDir().resolve("maintenance.db");
        try (GroupCommitter committer = new GroupCommitter(sqlite(file), 1_000)) {
            committer.write(h -> h.execute("CREATE TABLE t (n INTEGER NOT NULL)"));
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int n = i;
                writes.add(pool.submit(() -> committer.write(h -> h.execute("INSERT INTO t (n) VALUES (?)", n))));
            }
            List<Boolean> inTransaction = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inTransaction.add(committer.betweenBatches(Handle::isInTransaction));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            pool.shutdown();
            assertThat(inTransaction).containsOnly(false);
            int rows = committer.write(h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(300);
        }
    }

    @Test
    void aFailingMaintenanceJobFailsOnlyItsCaller() {
        Path file = TestServer.tempDir().resolve("maintenance.db");
        try (GroupCommitter committer = new GroupCommitter(sqlite(file), 1_000)) {
            assertThatThrownBy(() -> committer.betweenBatches(h -> h.execute("NOT SQL")))
                    .isInstanceOf(StatementException.class);
            int one = committer.write(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertThat(one).isEqualTo(1);
        }
    }

    @Test
    void anErrorThrownByOneCallerFailsThatCallerAndTheWriterGoesOn() {
        Path file = TestServer.tempDir().resolve("error.db");
        try (GroupCommitter committer = new GroupCommitter(sqlite(file), 1_000)) {
            assertThatThrownBy(() -> committer.write(h -> {
                throw new StackOverflowError("deep recursion in a caller");
            })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(StackOverflowError.class);
            int one = committer.write(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertThat(one).isEqualTo(1);
        }
    }

    @Test
    void afterWritesFailOnAFullDiskTheWriterCommitsAgainAndEachTransactionStaysWhole() {
        try (Database db = Database.open(TestServer.config(TestServer.tempDir()))) {
            // SQLite's page limit gives the very error of a full disk: SQLITE_FULL
            db.write(h -> h.execute("PRAGMA max_page_count = "
                    + h.createQuery("PRAGMA page_count").mapTo(Long.class).one()));
            for (int i = 0; i < 5; i++) {
                String big = i + "x".repeat(10_000);
                assertThatThrownBy(() -> db.write(h -> cursor(h, big)))
                        .satisfies(e -> assertThat(DatabaseErrors.isUnavailable(e)).as(e.toString()).isTrue());
            }
            db.write(h -> h.execute("PRAGMA max_page_count = 4294967294"));

            assertThatThrownBy(() -> db.write(h -> {
                cursor(h, "half");
                throw new IllegalArgumentException("the rest of the transaction fails");
            })).isInstanceOf(IllegalArgumentException.class);
            db.write(h -> cursor(h, "whole"));

            List<String> rows = db.read(h -> h.createQuery("SELECT client_id FROM read_cursors").mapTo(String.class)
                    .list());
            assertThat(rows).containsExactly("whole");
        }
    }

    private static int cursor(Handle h, String clientId) {
        return h.createUpdate("INSERT INTO read_cursors (channel_id, client_id, cid, last_ts) VALUES (1, :c, '', 1)")
                .bind("c", clientId).execute();
    }

    static Jdbi sqlite(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return Jdbi.create(source);
    }

    @Test
    void writesAfterCloseFailInsteadOfHanging() {
        Database db = Database.open(TestServer.config(TestServer.tempDir()));
        db.close();
        assertThatThrownBy(() -> db.write(h -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRollbackThatFindsNoTransactionIsRecognisedByItsResultCode() {
        try (Handle h = sqlite(TestServer.tempDir().resolve("t.db")).open()) {
            RuntimeException noTransaction = catchRuntime(() -> h.execute("ROLLBACK"));
            assertThat(GroupCommitter.noTransaction(noTransaction)).as(noTransaction.toString()).isTrue();
        }
        assertThat(GroupCommitter.noTransaction(new IllegalStateException(
                new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR)))).isFalse();
        assertThat(GroupCommitter.noTransaction(new IllegalStateException("no transaction is active"))).isFalse();
    }

    @Test
    void aCommitFailingOnAnUnavailableDatabaseLogsOneLineAndOtherFailuresTheirStackTrace() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(BatchCommit.class.getName());
        logger.addHandler(capture);
        try {
            BatchCommit.logCommitFailure(new IllegalStateException("commit failed",
                    new SQLiteException("[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL)));
            BatchCommit.logCommitFailure(new IllegalStateException("a bug"));
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(records).hasSize(2);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.get(0).getMessage()).contains("SQLITE_FULL");
        assertThat(records.get(0).getThrown()).isNull();
        assertThat(records.get(1).getLevel()).isEqualTo(Level.SEVERE);
        assertThat(records.get(1).getThrown()).hasMessage("a bug");
    }

    private static RuntimeException catchRuntime(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
