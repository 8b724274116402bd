package dev.parley.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit on PostgreSQL for writes that lock the rows of one client only, such as turns. One or more lanes, each
 * a thread of its own: a client's writes always take the same lane (by its key's hash), and a lane commits whatever
 * queued while its last batch ran as one transaction ({@link BatchCommit}), so under load a commit, its flush to disk
 * and its round trip serve many turns, where a transaction per turn would spend more on them than on the turn; the
 * batch's session updates and events go in one statement each just before the commit ({@link DeferredWrites}).
 *
 * <p>A batch locks its clients' rows in the order of their keys, so two nodes' batches that share clients wait for
 * each other instead of deadlocking. A row lock held elsewhere for long (a locked try that waits for a slow bot, on
 * this node or another) would stall every client of the lane: the lanes' connections wait at most
 * {@link #LOCK_TIMEOUT} for a lock, and the work that could not have it fails with a lock timeout
 * ({@link DatabaseErrors#isLockTimeout}), which a turn takes as a lost race. A batch whose connection cannot be had
 * (the database down) fails its callers, as a single transaction would, and those queued behind it, who would wait
 * as long again; the lane goes on with the next batch.
 * Thread-safe.
 */
final class PostgresLanes implements AutoCloseable {

    /** How long a lane's statement waits for a row lock before it gives up. */
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(250);
    /** Enough to share one commit among all the turns of a busy node's lane, few enough to keep a batch short. */
    private static final int MAX_BATCH = 128;
    private static final BatchCommit BATCHES = new BatchCommit(new BatchCommit.Transactions() {
        @Override
        public void begin(Handle h) {
            DeferredWrites.of(h).clear();
            h.begin();
        }

        @Override
        public void commit(Handle h) {
            DeferredWrites.of(h).flush(h);
            h.commit();
        }

        @Override
        public void rollbackQuietly(Handle h) {
            DeferredWrites.of(h).clear();
            try {
                h.rollback();
            } catch (RuntimeException e) {
                // the connection is gone, and the transaction with it: the pool drops the connection
            }
        }
    });

    private final Jdbi jdbi;
    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts {@code count} lanes whose transactions run on connections of {@code jdbi}. */
    PostgresLanes(Jdbi jdbi, int count) {
        this.jdbi = jdbi;
        for (int i = 0; i < count; i++) {
            lanes.add(new Lane(i));
        }
    }

    /**
     * Runs {@code work} in the next batch of the lane of {@code client} and returns its result once that batch has
     * committed; throws what the work threw, or why the batch could not commit.
     */
    <R> R write(String client, HandleCallback<R, RuntimeException> work) {
        Lane lane = lanes.get(Math.floorMod(client.hashCode(), lanes.size()));
        return lane.submit(new WriteJob<>(work, false, client));
    }

    @Override
    public void close() {
        running = false;
        lanes.forEach(Lane::stop);
    }

    /** One lane: a queue, and the thread that commits it batch by batch. */
    private final class Lane {

        private final BlockingQueue<WriteJob<?>> queue = new LinkedBlockingQueue<>();
        private final Thread thread;

        Lane(int number) {
            this.thread = Thread.ofPlatform().daemon().name("parley-pg-lane-" + number).start(this::loop);
        }

        <R> R submit(WriteJob<R> job) {
            return job.submitTo(queue, () -> running);
        }

        private void loop() {
            List<WriteJob<?>> batch = new ArrayList<>(MAX_BATCH);
            try {
                while (running) {
                    batch.add(queue.take());
                    queue.drainTo(batch, MAX_BATCH - 1);
                    batch.sort(Comparator.comparing(WriteJob::order)); // stable: one client's jobs keep their order
                    commit(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                batch.forEach(job -> job.fail(new IllegalStateException("the database is closed")));
                queue.forEach(job -> job.fail(new IllegalStateException("the database is closed")));
            }
        }

        private void commit(List<WriteJob<?>> batch) {
            try (Handle h = jdbi.open()) {
                h.define(DeferredWrites.ATTRIBUTE, new DeferredWrites());
                BATCHES.commit(h, batch);
            } catch (RuntimeException e) {
                // no connection for the batch (or closing it failed, after every job was answered: then this is moot)
                BatchCommit.logCommitFailure(e);
                batch.forEach(job -> job.fail(e));
                if (DatabaseErrors.isUnavailable(e)) {
                    // what queued while this batch waited for a connection in vain would wait as long again
                    List<WriteJob<?>> behind = new ArrayList<>();
                    queue.drainTo(behind);
                    behind.forEach(job -> job.fail(e));
                }
            }
        }

        void stop() {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
