package dev.parley.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Commits a writer's batch of jobs as one transaction, so that under load one commit serves many callers. When any
 * job's work throws, the batch is rolled back and each job runs again in a transaction of its own, so a failure only
 * ever undoes the work that failed: jobs' work must therefore touch nothing but the database (it may run twice).
 * Nothing is answered before its commit. Used by the one thread that owns the handle.
 */
final class BatchCommit {

    private static final System.Logger LOG = System.getLogger(BatchCommit.class.getName());

    /** How a writer begins, commits and rolls back a transaction on its handle. */
    interface Transactions {

        void begin(Handle h);

        void commit(Handle h);

        /** Ends the transaction, whatever state it is in; never throws. */
        void rollbackQuietly(Handle h);
    }

    private final Transactions transactions;

    BatchCommit(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Commits the batch's jobs, all at once if they all succeed, and answers each. */
    void commit(Handle h, List<WriteJob<?>> batch) {
        if (batch.size() == 1) {
            alone(h, batch.getFirst());
        } else if (allCommitted(h, batch)) {
            batch.forEach(WriteJob::answer);
        } else {
            batch.forEach(job -> alone(h, job));
        }
    }

    /** Runs the whole batch in one transaction; false (and rolled back) when any work threw. */
    private boolean allCommitted(Handle h, List<WriteJob<?>> batch) {
        try {
            transactions.begin(h);
            for (WriteJob<?> job : batch) {
                if (!job.runIn(h)) {
                    transactions.rollbackQuietly(h);
                    return false;
                }
            }
            transactions.commit(h);
            return true;
        } catch (RuntimeException e) {
            transactions.rollbackQuietly(h);
            return false;
        }
    }

    /** Runs one caller's work in a transaction of its own and answers it. */
    private void alone(Handle h, WriteJob<?> job) {
        try {
            transactions.begin(h);
            if (job.runIn(h)) {
                transactions.commit(h);
            } else {
                transactions.rollbackQuietly(h);
            }
            job.answer();
        } catch (RuntimeException e) {
            logCommitFailure(e);
            transactions.rollbackQuietly(h);
            job.fail(e);
        }
    }

    /**
     * A database that is unavailable fails every job of a batch the same way, and all the batches after it: a line
     * each, naming the cause, is enough. Anything else is a bug worth its stack trace.
     */
    static void logCommitFailure(RuntimeException e) {
        if (e instanceof DeferredWrites.Conflict) {
            return; // a lost race, which its caller tries again
        }
        Optional<Throwable> unavailable = DatabaseErrors.unavailability(e);
        if (unavailable.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "A transaction failed to commit: " + unavailable.get());
        } else {
            LOG.log(System.Logger.Level.ERROR, "A transaction failed to commit", e);
        }
    }
}
