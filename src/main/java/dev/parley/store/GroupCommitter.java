package dev.parley.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
    /**
     * Transactions are begun, committed and rolled back with SQL on a connection left in auto-commit mode (see the
     * class comment).
     */
    private static final BatchCommit BATCHES = new BatchCommit(new BatchCommit.Transactions() {
        @Override
        public void begin(Handle h) {
            h.execute("BEGIN");
        }

        @Override
        public void commit(Handle h) {
            h.execute("COMMIT");
        }

        @Override
        public void rollbackQuietly(Handle h) {
            GroupCommitter.rollbackQuietly(h);
        }
    });

    private final BlockingQueue<WriteJob<?>> queue = new LinkedBlockingQueue<>();
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
        return submit(new WriteJob<>(work, false, ""));
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
        return submit(new WriteJob<>(work, true, ""));
    }

    private <R> R submit(WriteJob<R> job) {
        return job.submitTo(queue, () -> running);
    }

    private void loop() {
        List<WriteJob<?>> batch = new ArrayList<>(MAX_BATCH);
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
    private static void run(Handle h, List<WriteJob<?>> batch) {
        int from = 0;
        for (int i = 0; i < batch.size(); i++) {
            WriteJob<?> job = batch.get(i);
            if (job.maintenance()) {
                if (i > from) {
                    BATCHES.commit(h, batch.subList(from, i));
                }
                job.runIn(h);
                job.answer();
                from = i + 1;
            }
        }
        if (from < batch.size()) {
            BATCHES.commit(h, batch.subList(from, batch.size()));
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
