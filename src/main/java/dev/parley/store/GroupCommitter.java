package dev.parley.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The single writer of a SQLite database. Writers queue their transactions here; one thread runs whatever has
 * queued up as a single SQLite transaction, each caller's work inside its own savepoint, and answers every caller
 * once the whole batch has committed. Under load one commit then serves many turns, and a failure in one caller's
 * work rolls back only that caller's savepoint. Nothing is answered before its commit. Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
    private static final int MAX_BATCH = 256;

    /** One caller's transaction, and what it came to inside the batch. */
    private static final class Job<R> {
        private final HandleCallback<R, RuntimeException> work;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private R value;
        private RuntimeException failure;

        Job(HandleCallback<R, RuntimeException> work) {
            this.work = work;
        }

        void runIn(Handle h) {
            h.savepoint("job");
            try {
                value = work.withHandle(h);
                h.release("job");
            } catch (RuntimeException e) {
                // JDBI forgets a savepoint once rolled back to; the batch's commit releases it in SQLite
                h.rollbackToSavepoint("job");
                failure = e;
            }
        }

        void answer() {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        }

        void fail(RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Jdbi jdbi;
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommitter(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.writer = Thread.ofPlatform().daemon().name("parley-sqlite-writer").start(this::loop);
    }

    /** Runs {@code work} in the next batch and returns its result once the batch has committed. */
    <R> R write(HandleCallback<R, RuntimeException> work) {
        if (!running) {
            throw new IllegalStateException("the database is closed");
        }
        Job<R> job = new Job<>(work);
        queue.add(job);
        if (!running && queue.remove(job)) {
            throw new IllegalStateException("the database is closed");
        }
        try {
            return job.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Job<?>> batch = new ArrayList<>(MAX_BATCH);
        try (Handle h = jdbi.open()) {
            while (running) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(h, batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "The SQLite writer stopped", e);
        } finally {
            running = false;
            batch.forEach(job -> job.fail(new IllegalStateException("the database is closed")));
            queue.forEach(job -> job.fail(new IllegalStateException("the database is closed")));
        }
    }

    private static void commit(Handle h, List<Job<?>> batch) {
        try {
            h.begin();
            batch.forEach(job -> job.runIn(h));
            h.commit();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "A batch of " + batch.size() + " transactions failed to commit", e);
            rollbackQuietly(h);
            batch.forEach(job -> job.fail(e));
            return;
        }
        batch.forEach(Job::answer);
    }

    private static void rollbackQuietly(Handle h) {
        try {
            h.rollback();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Rollback after a failed batch failed too", e);
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
