package dev.parley.store;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * One caller's transaction (or, for maintenance, work outside any transaction) queued for a writer thread, and what it
 * came to: the caller waits in {@link #await} until the writer has {@linkplain #answer answered} it.
 */
final class WriteJob<R> {

    private final HandleCallback<R, RuntimeException> work;
    private final boolean maintenance;
    private final String order;
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private R value;
    private RuntimeException failure;

    /**
     * @param order where the job goes among others of its batch that lock rows ({@link PostgresLanes}); "" where
     *     there is one writer
     */
    WriteJob(HandleCallback<R, RuntimeException> work, boolean maintenance, String order) {
        this.work = work;
        this.maintenance = maintenance;
        this.order = order;
    }

    boolean maintenance() {
        return maintenance;
    }

    String order() {
        return order;
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

    /** Tells the caller what its last run came to. */
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

    /**
     * Queues this job for a writer that takes from {@code queue} while {@code running} says so, and waits for the
     * answer; refused at once when the writer has stopped (or stops before taking it).
     */
    R submitTo(BlockingQueue<WriteJob<?>> queue, BooleanSupplier running) {
        if (!running.getAsBoolean()) {
            throw new IllegalStateException("the database is closed");
        }
        queue.add(this);
        if (!running.getAsBoolean() && queue.remove(this)) {
            throw new IllegalStateException("the database is closed");
        }
        return await();
    }

    /** Waits for the answer: the work's result, or what it (or its commit) threw. */
    private R await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
