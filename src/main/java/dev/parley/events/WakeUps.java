package dev.parley.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Where long polls and event streams wait for a client's next event, without a database connection: a waiter takes
 * a {@link Signal} before it looks in the log, and any commit for that client fires it afterwards, so an event that
 * lands between the look and the wait is never missed. Thread-safe.
 */
public final class WakeUps {

    private final Map<ClientKey, Signal> signals = new ConcurrentHashMap<>();

    /** The signal the next event of this client fires. Take it before reading the log. */
    public Signal watch(ClientKey key) {
        return signals.compute(key, (k, current) -> {
            Signal signal = current == null || current.fired ? new Signal() : current;
            signal.waiters++;
            return signal;
        });
    }

    /** Wakes everyone waiting for this client; call after the commit that added its events. */
    public void fire(ClientKey key) {
        Signal signal = signals.remove(key);
        if (signal != null) {
            signal.fire();
        }
    }

    /**
     * Wakes every waiter, to look in the log again: for when wake-ups may have been missed (the connection that brings
     * other nodes' wake-ups was lost for a while).
     */
    public void fireAll() {
        signals.keySet().forEach(this::fire);
    }

    /** Forgets a signal nobody waits for any more, so that idle clients cost no memory. */
    public void release(ClientKey key, Signal signal) {
        signals.computeIfPresent(key, (k, current) -> {
            if (current != signal) {
                return current;
            }
            current.waiters--;
            return current.waiters <= 0 ? null : current;
        });
    }

    int size() {
        return signals.size();
    }

    /**
     * One client's next-event signal. Its waiter count is guarded by the map's per-key locking. Waiters park their
     * own (virtual) thread on it directly: with 100,000 parked waiters, every frame and object less per wait counts
     * (a future's {@code get} parks five frames deeper, through a blocker object).
     */
    public static final class Signal {
        private volatile boolean fired;
        /** The threads parked on it; a client rarely has more than one. Guarded by {@code this}. */
        private final List<Thread> parked = new ArrayList<>(1);
        /** What waits without a thread ({@link #whenFired}); null until one does. Guarded by {@code this}. */
        private List<Runnable> callbacks;
        private int waiters;

        /**
         * Runs {@code then} when the signal fires, on the thread that fires it (so it must only hand work on); false,
         * and nothing kept, when it has fired already.
         */
        boolean whenFired(Runnable then) {
            synchronized (this) {
                if (fired) {
                    return false;
                }
                if (callbacks == null) {
                    callbacks = new ArrayList<>(1);
                }
                callbacks.add(then);
                return true;
            }
        }

        /** Forgets a callback of {@link #whenFired} that is no longer wanted. */
        synchronized void forget(Runnable then) {
            if (callbacks != null) {
                callbacks.remove(then);
            }
        }

        boolean fired() {
            return fired;
        }

        /** How many callbacks of {@link #whenFired} it holds. */
        synchronized int callbacks() {
            return callbacks == null ? 0 : callbacks.size();
        }

        /** Parks the calling (virtual) thread until the signal fires or the time passes. */
        public boolean await(long millis) throws InterruptedException {
            if (fired || millis <= 0) {
                return fired;
            }
            Thread self = Thread.currentThread();
            synchronized (this) {
                parked.add(self);
            }
            try {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
                for (long left = deadline - System.nanoTime(); !fired && left > 0; left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(this, left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
                return fired;
            } finally {
                synchronized (this) {
                    parked.remove(self);
                }
            }
        }

        private void fire() {
            fired = true;
            List<Thread> toWake;
            List<Runnable> toRun;
            synchronized (this) {
                toWake = List.copyOf(parked);
                toRun = callbacks == null ? List.of() : List.copyOf(callbacks);
            }
            toWake.forEach(LockSupport::unpark);
            toRun.forEach(Runnable::run);
        }
    }
}
