package dev.parley.conversation;

import dev.parley.observe.Histogram;
import java.util.concurrent.atomic.LongAdder;

/** Counts of this node's turns, for {@code /metrics}. Thread-safe. */
public final class TurnStats {

    final LongAdder sync = new LongAdder();
    final LongAdder async = new LongAdder();
    final LongAdder timers = new LongAdder();
    final LongAdder pushes = new LongAdder();
    final LongAdder lostRaces = new LongAdder();
    final LongAdder lockedTries = new LongAdder();
    final LongAdder asyncRetries = new LongAdder();
    final LongAdder adopted = new LongAdder();
    final Histogram syncSeconds = new Histogram();

    public long sync() {
        return sync.sum();
    }

    public long async() {
        return async.sum();
    }

    public long timers() {
        return timers.sum();
    }

    public long pushes() {
        return pushes.sum();
    }

    /** Tries of a turn that another turn of the same client (on another node) committed before. */
    public long lostRaces() {
        return lostRaces.sum();
    }

    /** Tries run holding the client row's lock after losing races. */
    public long lockedTries() {
        return lockedTries.sum();
    }

    /** Tries of async turns after a failed one (the database down, a full disk). */
    public long asyncRetries() {
        return asyncRetries.sum();
    }

    /** Pending async turns this node took over from nodes that were gone (or, at start, from its previous run). */
    public long adopted() {
        return adopted.sum();
    }

    /** How long sync turns took, from the request to the reply (or the 408). */
    public Histogram syncSeconds() {
        return syncSeconds;
    }
}
