package dev.parley.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The single writer of a SQLite database. Writers queue their transactions here; one thread runs whatever has
 * queued up as a single SQLite transaction and answers every caller once the whole batch has committed, so under
 * load one commit serves many turns. When any caller's work throws, the batch is rolled back and each caller's work
 * runs again in a transaction of its own, so a failure only ever undoes the work that failed. Callers' work must
 * therefore touch nothing but the database (it may run twice). Nothing is answered before its commit. Thread-safe.
 *
 * <p>Transactions are begun, committed and rolled back with SQL on a connection left in auto-commit mode, not through
 * JDBC: on a full disk or an I/O error SQLite may roll a transaction back by itself, and the driver's (and the pool's)
 * idea of the transaction then parts from SQLite's, so that later statements would commit one by one and their
 * transactions report failure. With SQL, a {@code ROLLBACK} that finds no transaction is harmless, and the next
 * {@code BEGIN} starts from what SQLite says.
 */
final class GroupCommitter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
    private static final int MAX_BATCH = 256;

    /** One caller's transaction (or, for maintenance, work outside any transaction), and what it came to. */
    private static final class Job<R> {
        private final HandleCallback<R, RuntimeException> work;
        private final boolean maintenance;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private R value;
        private RuntimeException failure;

        Job(HandleCallback<R, RuntimeException> work, boolean maintenance) {
            this.work = work;
            this.maintenance = maintenance;
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
            } catch (Error e) {
                // a caller's StackOverflowError or AssertionError fails that caller, not the one writer of all
                failure = new IllegalStateException("write failed: " + e, e);
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
    private final int autoCheckpointFrames;
    private final Thread writer;
    private volatile boolean running = true;
    /** Batches run so far; written by the writer thread only. */
    private volatile long batches;

    /** Starts the writer; its connection checkpoints by itself only once the WAL has this many pages. */
    GroupCommitter(Jdbi jdbi, int autoCheckpointFrames) {
        this.jdbi = jdbi;
        this.autoCheckpointFrames = autoCheckpointFrames;
        this.writer = Thread.ofPlatform().daemon().name("parley-sqlite-writer").start(this::loop);
    }

    /** Runs {@code work} in the next batch and returns its result once the batch has committed. */
    <R> R write(HandleCallback<R, RuntimeException> work) {
        return submit(new Job<>(work, false));
    }

    /** How many batches the writer has run: what has not changed since a checkpoint needs no other. */
    long batches() {
        return batches;
    }

    /**
     * Runs {@code work} on the writer's connection between two batches, outside any transaction, and returns its
     * result: while it runs, no write is in progress and none starts (for checkpoints that must not wait for the
     * writer, or make it wait for them).
     */
    <R> R betweenBatches(HandleCallback<R, RuntimeException> work) {
        return submit(new Job<>(work, true));
    }

    private <R> R submit(Job<R> job) {
        if (!running) {
            throw new IllegalStateException("the database is closed");
        }
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
            // Checkpointer keeps the WAL short; this connection's own checkpoint, which stalls every queued write
            // for the disk, is only the safety net for when that fails
            h.execute("PRAGMA wal_autocheckpoint = " + autoCheckpointFrames);
            h.define(Prepared.ATTRIBUTE, statements);
            while (running) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                run(h, batch);
                batch.clear();
                batches++; // the writer thread alone writes it, so the non-atomic increment is safe
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

    /** Commits the batch's transactions, and runs its maintenance jobs in their place in the queue. */
    private static void run(Handle h, List<Job<?>> batch) {
        int from = 0;
        for (int i = 0; i < batch.size(); i++) {
            Job<?> job = batch.get(i);
            if (job.maintenance) {
                if (i > from) {
                    commit(h, batch.subList(from, i));
                }
                job.runIn(h);
                job.answer();
                from = i + 1;
            }
        }
        if (from < batch.size()) {
            commit(h, batch.subList(from, batch.size()));
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
            h.execute("BEGIN");
            for (Job<?> job : batch) {
                if (!job.runIn(h)) {
                    rollbackQuietly(h);
                    return false;
                }
            }
            h.execute("COMMIT");
            return true;
        } catch (RuntimeException e) {
            rollbackQuietly(h);
            return false;
        }
    }

    /** Runs one caller's work in a transaction of its own and answers it. */
    private static void alone(Handle h, Job<?> job) {
        try {
            h.execute("BEGIN");
            if (job.runIn(h)) {
                h.execute("COMMIT");
            } else {
                rollbackQuietly(h);
            }
            job.answer();
        } catch (RuntimeException e) {
            logCommitFailure(e);
            rollbackQuietly(h);
            job.fail(e);
        }
    }

    /**
     * A database that is unavailable fails every job of a batch the same way, and all the batches after it: a line
     * each, naming the cause, is enough. Anything else is a bug worth its stack trace.
     */
    static void logCommitFailure(RuntimeException e) {
        Optional<Throwable> unavailable = DatabaseErrors.unavailability(e);
        if (unavailable.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "A transaction failed to commit: " + unavailable.get());
        } else {
            LOG.log(System.Logger.Level.ERROR, "A transaction failed to commit", e);
        }
    }

    /** Ends the transaction, if SQLite has not ended it already. */
    private static void rollbackQuietly(Handle h) {
        try {
            h.execute("ROLLBACK");
        } catch (RuntimeException e) {
            if (!noTransaction(e)) {
                LOG.log(System.Logger.Level.WARNING, "Rollback after a failed transaction failed too", e);
            }
        }
    }

    /**
     * True when a {@code ROLLBACK} failed only because SQLite had ended the transaction already. SQLite gives that
     * case no code of its own, but its generic {@code SQLITE_ERROR}, which this fixed and valid statement meets for
     * no other reason: a failure of the disk or a lock has codes of its own.
     */
    static boolean noTransaction(RuntimeException rollbackFailure) {
        return rollbackFailure.getCause() instanceof SQLiteException sqlite
                && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_ERROR;
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
