package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

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
    void writesAfterCloseFailInsteadOfHanging() {
        Database db = Database.open(TestServer.config(TestServer.tempDir()));
        db.close();
        assertThatThrownBy(() -> db.write(h -> 1)).isInstanceOf(IllegalStateException.class);
    }
}
