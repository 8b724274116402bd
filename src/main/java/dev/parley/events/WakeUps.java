package dev.parley.events;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
            Signal signal = current == null || current.future.isDone() ? new Signal() : current;
            signal.waiters++;
            return signal;
        });
    }

    /** Wakes everyone waiting for this client; call after the commit that added its events. */
    public void fire(ClientKey key) {
        Signal signal = signals.remove(key);
        if (signal != null) {
            signal.future.complete(null);
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

    /** One client's next-event signal. Its waiter count is guarded by the map's per-key locking. */
    public static final class Signal {
        private final CompletableFuture<Void> future = new CompletableFuture<>();
        private int waiters;

        /** Parks the calling (virtual) thread until the signal fires or the time passes. */
        public boolean await(long millis) throws InterruptedException {
            if (millis <= 0) {
                return future.isDone();
            }
            try {
                future.get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
