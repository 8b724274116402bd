package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.TestServer;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link BatchedLookup} on the embedded store; PostgreSQL's query is tested in {@link PostgresLanesTest}. */
class BatchedLookupTest {

    @Test
    void whenTheDatabaseIsUnavailableTheLookupsQueuedBehindAFailedQueryFailWithItInsteadOfWaitingAgain()
            throws Exception {
        CountDownLatch querying = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        AtomicInteger queries = new AtomicInteger();
        try (Database db = Database.open(TestServer.config(TestServer.tempDir()));
                BatchedLookup<String, Integer> lookup = new BatchedLookup<>(db, "test-lookup", (h, keys) -> {
                    queries.incrementAndGet();
                    querying.countDown();
                    await(queued);
                    throw new IllegalStateException("no connection",
                            new SQLTransientConnectionException("no connection within the timeout"));
                })) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> lookup.find("a").orElse(0));
            querying.await();
            CompletableFuture<Integer> behind = CompletableFuture.supplyAsync(() -> lookup.find("b").orElse(0));
            while (lookup.waiting() == 0) {
                Thread.onSpinWait(); // until "b" is queued behind the running query
            }
            queued.countDown();

            assertThatThrownBy(first::get).isInstanceOf(ExecutionException.class).hasMessageContaining("no connection");
            assertThatThrownBy(behind::get).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("no connection");
            assertThat(queries).hasValue(1);
        }
    }

    @Test
    void aLookupQueuedBehindAQueryThatFailedForAnotherReasonRunsItsOwnQuery() throws Exception {
        CountDownLatch querying = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        AtomicInteger queries = new AtomicInteger();
        try (Database db = Database.open(TestServer.config(TestServer.tempDir()));
                BatchedLookup<String, Integer> lookup = new BatchedLookup<>(db, "test-lookup", (h, keys) -> {
                    if (queries.incrementAndGet() == 1) {
                        querying.countDown();
                        await(queued);
                        throw new IllegalStateException("a bug");
                    }
                    return Map.of("b", 2);
                })) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> lookup.find("a").orElse(0));
            querying.await();
            CompletableFuture<Integer> behind = CompletableFuture.supplyAsync(() -> lookup.find("b").orElse(0));
            while (lookup.waiting() == 0) {
                Thread.onSpinWait(); // until "b" is queued behind the running query
            }
            queued.countDown();

            assertThatThrownBy(first::get).isInstanceOf(ExecutionException.class).hasMessageContaining("a bug");
            assertThat(behind.get()).isEqualTo(2);
            assertThat(queries).hasValue(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
