package dev.parley.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a background worker that waits for work. A nudge is never lost: one that comes while the worker is busy
 * makes its next wait return at once. Idle workers wait on it rather than poll the database; each still looks at
 * least every {@link #SAFETY_POLL_MILLIS} ms for work that no signal announces (the lease of a node that died ran
 * out). Thread-safe.
 */
public final class WorkSignal {

    /**
     * How often an idle worker looks for work nobody announced. Each look costs a statement or three, so that an
     * idle node sends its database under 3 statements a second in all.
     */
    public static final long SAFETY_POLL_MILLIS = 10_000;

    /**
     * The PostgreSQL channel on which nodes wake each other's workers; each notice names what to look at, such as
     * {@link #NODE_LEFT}.
     */
    public static final String NOTIFY_CHANNEL = "parley_work";
    /** A node left: what it held (pending turns, timers it would have fired) is for the others to take now. */
    public static final String NODE_LEFT = "node-left";

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean nudged;

    /** Says that there may be work. Cheap; call it from any thread, after the commit that made the work. */
    public void nudge() {
        lock.lock();
        try {
            nudged = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until nudged (since the previous wait returned) or until {@code millis} passed, and clears the nudge.
     *
     * @return whether it was nudged
     */
    public boolean await(long millis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!nudged && nanos > 0) {
                nanos = work.awaitNanos(nanos);
            }
            boolean was = nudged;
            nudged = false;
            return was;
        } finally {
            lock.unlock();
        }
    }
}
