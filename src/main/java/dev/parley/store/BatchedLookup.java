package dev.parley.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;

/**
 * Reads rows by key for many callers at once: what callers ask while one query runs goes in the next, so under load
 * one round trip (and one pooled connection, on a platform thread, without a virtual thread parked on its socket)
 * answers many lookups. Each caller is answered by a query that began after it asked, so it sees every commit that
 * happened before it asked; when the database is unavailable, those queued behind a failed query fail with it rather
 * than wait as long again. For PostgreSQL, where every statement is a round trip; SQLite reads in-process.
 * Thread-safe.
 *
 * @param <K> the key
 * @param <V> the row
 */
public final class BatchedLookup<K, V> implements AutoCloseable {

    /** The query: the rows of those of {@code keys} that exist, by key. */
    @FunctionalInterface
    public interface Query<K, V> {
        Map<K, V> find(Handle h, List<K> keys);
    }

    private static final int MAX_BATCH = 256;

    private record Ask<K, V>(K key, CompletableFuture<Optional<V>> answer) {
    }

    private final Database db;
    private final Query<K, V> query;
    private final BlockingQueue<Ask<K, V>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts the thread, named {@code name}, that runs the queries on {@code db}'s read connections. */
    public BatchedLookup(Database db, String name, Query<K, V> query) {
        this.db = db;
        this.query = query;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    /** The row of {@code key}, or empty when there is none; throws what the query threw. */
    public Optional<V> find(K key) {
        if (!running) {
            throw new IllegalStateException("the lookup is closed");
        }
        Ask<K, V> ask = new Ask<>(key, new CompletableFuture<>());
        queue.add(ask);
        if (!running && queue.remove(ask)) {
            throw new IllegalStateException("the lookup is closed");
        }
        try {
            return ask.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** How many lookups wait for the next query. */
    int waiting() {
        return queue.size();
    }

    private void loop() {
        List<Ask<K, V>> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (running) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                answer(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            IllegalStateException closed = new IllegalStateException("the lookup is closed");
            batch.forEach(ask -> ask.answer().completeExceptionally(closed));
            queue.forEach(ask -> ask.answer().completeExceptionally(closed));
        }
    }

    private void answer(List<Ask<K, V>> batch) {
        List<K> keys = new ArrayList<>(new LinkedHashSet<>(batch.stream().map(Ask::key).toList()));
        try {
            Map<K, V> found = db.read(h -> query.find(h, keys));
            batch.forEach(ask -> ask.answer().complete(Optional.ofNullable(found.get(ask.key()))));
        } catch (RuntimeException e) {
            batch.forEach(ask -> ask.answer().completeExceptionally(e));
            if (DatabaseErrors.isUnavailable(e)) {
                // what queued while this query waited for a connection in vain would wait as long again
                List<Ask<K, V>> behind = new ArrayList<>();
                queue.drainTo(behind);
                behind.forEach(ask -> ask.answer().completeExceptionally(e));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
