package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.config.Config;
import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group commit on PostgreSQL ({@link Database#writeForClient}) and batched reads ({@link BatchedLookup}). */
class PostgresLanesTest {

    private Config config;
    private Database db;

    @BeforeEach
    void open() {
        config = TestPostgres.newDatabase(TestServer.tempDir());
        db = Database.open(config);
        db.write(h -> h.execute("CREATE TABLE lane_rows (k text PRIMARY KEY, v int NOT NULL)"));
    }

    @AfterEach
    void close() {
        db.close();
        TestPostgres.dropDatabase(config);
    }

    @Test
    void concurrentWritesOfManyClientsCommitAndAFailingOneUndoesOnlyItself() throws Exception {
        int writers = 40;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writers; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return db.writeForClient("client-" + n, h -> {
                        h.execute("INSERT INTO lane_rows (k, v) VALUES (?, ?)", "client-" + n, n);
                        if (n == 7) {
                            throw new IllegalStateException("the work of client 7 fails");
                        }
                        return n;
                    });
                }));
            }
            start.countDown();
            for (int i = 0; i < writers; i++) {
                if (i == 7) {
                    Future<Integer> failed = results.get(i);
                    assertThatThrownBy(failed::get).hasRootCauseMessage("the work of client 7 fails");
                } else {
                    assertThat(results.get(i).get()).isEqualTo(i);
                }
            }
        }

        List<String> stored = db.read(h -> h.createQuery("SELECT k FROM lane_rows ORDER BY v").mapTo(String.class)
                .list());
        assertThat(stored).hasSize(writers - 1).doesNotContain("client-7").contains("client-0", "client-39");
    }

    @Test
    void rowsDeferredToTheCommitAreStoredOnlyForTheWorkThatCommitted() throws Exception {
        DeferredWrites.Table<String> table = (h, keys) -> keys.forEach(
                k -> h.execute("INSERT INTO lane_rows (k, v) VALUES (?, 0)", k));
        db.write(h -> h.execute("INSERT INTO lane_rows (k, v) VALUES ('taken', 0)"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return db.writeForClient("client-" + n, h -> {
                        // client 3's row is only inserted at the commit, and fails it; client 5's work fails itself
                        DeferredWrites.write(h, table, List.of(n == 3 ? "taken" : "deferred-" + n));
                        if (n == 5) {
                            throw new IllegalStateException("the work of client 5 fails");
                        }
                        return h.createQuery("SELECT count(*) FROM lane_rows WHERE k = ?").bind(0, "deferred-" + n)
                                .mapTo(Integer.class).one() == 0; // not yet inserted
                    });
                }));
            }
            start.countDown();
            for (int i = 0; i < 30; i++) {
                if (i == 3 || i == 5) {
                    assertThatThrownBy(results.get(i)::get).isInstanceOf(ExecutionException.class);
                } else {
                    assertThat(results.get(i).get()).isTrue();
                }
            }
        }

        List<String> stored = db.read(h -> h.createQuery("SELECT k FROM lane_rows WHERE k LIKE 'deferred-%'")
                .mapTo(String.class).list());
        assertThat(stored).hasSize(28).doesNotContain("deferred-3", "deferred-5");
    }

    @Test
    void aWriteThatWaitsForARowLockedElsewhereFailsWithALockTimeoutAndItsLaneGoesOn() throws Exception {
        db.write(h -> h.execute("INSERT INTO lane_rows (k, v) VALUES ('locked', 0)"));
        try (Connection other = DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword())) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("SELECT v FROM lane_rows WHERE k = 'locked' FOR UPDATE");
            }

            assertThatThrownBy(() -> db.writeForClient("locked", h -> h.execute(
                    "UPDATE lane_rows SET v = 1 WHERE k = 'locked'")))
                    .matches(DatabaseErrors::isLockTimeout, "is a lock timeout");
            int written = db.writeForClient("locked", h -> h.execute("INSERT INTO lane_rows (k, v) VALUES ('x', 2)"));

            assertThat(written).isEqualTo(1);
            other.rollback();
        }
        int unchanged = db.read(h -> h.createQuery("SELECT v FROM lane_rows WHERE k = 'locked'").mapTo(Integer.class)
                .one());
        assertThat(unchanged).isZero();
    }

    @Test
    void aLaneUpdatesTheSessionFromTheRowItReadAndTellsTheRowItWroteOrFailsTheTurnWhenTheRowChangedMeanwhile() {
        ClientClock clock = new ClientClock(Dialect.POSTGRESQL);
        ClientKey ann = new ClientKey(1, "ann");
        db.write(h -> clock.advance(h, ann, OptionalLong.empty(), "first", false, false, 2, 2, 0, 1_000));
        ClientClock.ClientRow read = db.read(h -> clock.find(h, ann, false)).orElseThrow();
        // an agent's message reserves a timestamp without touching the session: the row the turn read is stale
        db.write(h -> clock.reserve(h, ann, 1, 1, 5_000));

        List<ClientClock.ClientRow> written = new ArrayList<>();
        assertThatThrownBy(() -> db.writeForClient("1:ann", h -> clock.advanceFrom(h, ann, Optional.of(read),
                "stale", false, false, 2, 2, 0, 6_000, written::add)))
                .isInstanceOf(DeferredWrites.Conflict.class);
        assertThat(written).as("a conflict writes no row").isEmpty();
        ClientClock.ClientRow fresh = db.read(h -> clock.find(h, ann, false)).orElseThrow();
        OptionalLong last = db.writeForClient("1:ann", h -> clock.advanceFrom(h, ann, Optional.of(fresh), "second",
                false, true, 2, 2, 0, 6_000, written::add));

        ClientClock.ClientRow stored = db.read(h -> clock.find(h, ann, false)).orElseThrow();
        assertThat(written).as("the row as the lane's update left it").containsExactly(stored);
        assertThat(stored.hasTimer()).isTrue();
        assertThat(stored.session()).isEqualTo("second");
        assertThat(stored.sessionVersion()).isEqualTo(read.sessionVersion() + 1);
        assertThat(stored.lastTs()).isEqualTo(6_001).isEqualTo(last.orElseThrow());
        assertThat(stored.messageCount()).isEqualTo(5);
    }

    @Test
    void aBatchedLookupAnswersEveryCallerWithItsOwnRowOrNone() throws Exception {
        ClientClock clock = new ClientClock(Dialect.POSTGRESQL);
        for (int i = 0; i < 30; i += 2) {
            ClientKey key = new ClientKey(1, "c" + i);
            db.write(h -> clock.advance(h, key, OptionalLong.empty(), "{\"s\":\"" + key.clientId() + "\"}",
                    false, false, 1, 1, 0, 1_000));
        }
        try (BatchedLookup<ClientKey, ClientClock.ClientRow> rows = new BatchedLookup<>(db, "test-rows",
                ClientClock::findAll);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<ClientClock.ClientRow>>> found = IntStream.range(0, 30)
                    .mapToObj(i -> pool.submit(() -> rows.find(new ClientKey(1, "c" + i)))).toList();

            for (int i = 0; i < 30; i++) {
                Optional<ClientClock.ClientRow> row = found.get(i).get();
                if (i % 2 == 0) {
                    assertThat(row).map(ClientClock.ClientRow::session).contains("{\"s\":\"c" + i + "\"}");
                } else {
                    assertThat(row).isEmpty();
                }
            }
        }
    }

    @Test
    void aBatchedLookupWhoseQueryFailsFailsItsCallersAndAnswersTheNext() {
        boolean[] fail = {true};
        try (BatchedLookup<String, Integer> values = new BatchedLookup<>(db, "test-values", (h, keys) -> {
            if (fail[0]) {
                fail[0] = false;
                throw new IllegalStateException("the query fails once");
            }
            return Map.of("a", 1);
        })) {
            assertThatThrownBy(() -> values.find("a")).hasMessage("the query fails once");
            assertThat(values.find("a")).contains(1);
            assertThat(values.find("b")).isEmpty();
        }
    }
}
