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
 * queued up as a single SQLite transaction and answers every caller once the whole batch has committed, so under
 * load one commit serves many turns. When any caller's work throws, the batch is rolled back and each caller's work
 * runs again in a transaction of its own, so a failure only ever undoes the work that failed. Callers' work must
 * therefore touch nothing but the database (it may run twice). Nothing is answered before its commit. Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
    private static final int MAX_BATCH = 256;

    /** One caller's transaction, and what it came to. */
    private static final class Job<R> {
        private final HandleCallback<R, RuntimeException> work;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private R value;
        private RuntimeException failure;

        Job(HandleCallback<R, RuntimeException> work) {
            this.work = work;
        }

        /** Runs the work; false when it threw, which spoils the transaction it ran in. */
        boolean runIn(Handle h) {
            try {
                value = work.withHandle(h);
                failure = null;
                return true;
            } catch (RuntimeException e) {
                failure = e;
                return false;
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
        Prepared.Cache statements = new Prepared.Cache();
        try (Handle h = jdbi.open()) {
            // checkpoints normally run on their own connection (Checkpointer); this is only the safety net
            h.execute("PRAGMA wal_autocheckpoint = 20000");
            h.define(Prepared.ATTRIBUTE, statements);
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
            statements.close();
            running = false;
            batch.forEach(job -> job.fail(new IllegalStateException("the database is closed")));
            queue.forEach(job -> job.fail(new IllegalStateException("the database is closed")));
        }
    }

    private static void commit(Handle h, List<Job<?>> batch) {
        if (batch.size() > 1 && !allCommitted(h, batch)) {
            batch.forEach(job -> alone(h, job));
            return;
        }
        if (batch.size() == 1) {
            alone(h, batch.getFirst());
            return;
        }
        batch.forEach(Job::answer);
    }

    /** Runs the whole batch in one transaction; false (and rolled back) when any work threw. */
    private static boolean allCommitted(Handle h, List<Job<?>> batch) {
        try {
            h.begin();
            for (Job<?> job : batch) {
                if (!job.runIn(h)) {
                    rollbackQuietly(h);
                    return false;
                }
            }
            h.commit();
            return true;
        } catch (RuntimeException e) {
            rollbackQuietly(h);
            return false;
        }
    }

    /** Runs one caller's work in a transaction of its own and answers it. */
    private static void alone(Handle h, Job<?> job) {
        try {
            h.begin();
            if (job.runIn(h)) {
                h.commit();
            } else {
                rollbackQuietly(h);
            }
            job.answer();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "A transaction failed to commit", e);
            rollbackQuietly(h);
            job.fail(e);
        }
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
