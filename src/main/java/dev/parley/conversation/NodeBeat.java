package dev.parley.conversation;

import dev.parley.store.WorkSignal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Where several nodes share the database: keeps this node's beat in {@link PendingTurns} every
 * {@value #POLL_MILLIS} ms, and adopts the pending async turns of nodes that are gone — that left (another node's
 * leave also wakes it at once, see {@link #soon}), or missed their beat for {@value #LEASE_MILLIS} ms. It adopts only while its own beats are steady: after an outage that stopped
 * every node's beat, each node first beats again, so that the nodes do not take each other's turns. Thread-safe.
 */
final class NodeBeat implements AutoCloseable {

    /** Slow enough that an idle node's beat costs its database about one statement a second. */
    static final long POLL_MILLIS = 5_000;
    static final long LEASE_MILLIS = 30_000;
    private static final int BATCH = 256;
    private static final System.Logger LOG = System.getLogger(NodeBeat.class.getName());

    private final PendingTurns store;
    private final long node;
    private final Clock clock;
    private final Consumer<List<PendingTurns.Pending>> adopt;
    private final boolean shared;
    private final Thread beater;
    /** Held by a beat with its adoption, and by leaving: a beat late from the database cannot undo a leave. */
    private final ReentrantLock beating = new ReentrantLock();
    private final WorkSignal wake = new WorkSignal();
    private volatile boolean running = true;
    private long lastBeat;

    /** @param shared whether other nodes may share the database; a single node beats once, at its start */
    NodeBeat(PendingTurns store, long node, Clock clock, boolean shared, Consumer<List<PendingTurns.Pending>> adopt) {
        this.store = store;
        this.node = node;
        this.clock = clock;
        this.shared = shared;
        this.adopt = adopt;
        this.beater = Thread.ofVirtual().name("parley-node-beat").unstarted(this::loop);
    }

    /** Beats, adopts what gone nodes (or this node's previous run) left, and returns how many turns that was. */
    int start() {
        store.forgetPreviousRuns(node);
        int adopted = 0;
        for (List<PendingTurns.Pending> batch = beatAndAdopt(BATCH); ; batch = beatAndAdopt(BATCH)) {
            adopt.accept(batch);
            adopted += batch.size();
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (shared) {
            beater.start();
        }
        return adopted;
    }

    private void loop() {
        try {
            // not interrupted to stop: an interrupt would break the database connection of a beat in flight
            while (running) {
                wake.await(POLL_MILLIS);
                beatOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Beats and adopts now rather than at the next beat, as when another node says it left. */
    void soon() {
        wake.nudge();
    }

    /** One beat and its adoptions, unless the node stops meanwhile; the turns adopted then go with its leave. */
    void beatOnce() {
        beating.lock();
        try {
            if (!running) {
                return;
            }
            boolean steady = clock.millis() - lastBeat <= 3 * POLL_MILLIS;
            List<PendingTurns.Pending> adopted = beatAndAdopt(steady ? BATCH : 0);
            if (running) {
                adopt.accept(adopted);
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(System.Logger.Level.WARNING, "Node beat failed; trying again shortly", e);
            }
        } finally {
            beating.unlock();
        }
    }

    private List<PendingTurns.Pending> beatAndAdopt(int limit) {
        long now = clock.millis();
        List<PendingTurns.Pending> adopted = store.beatAndAdopt(node, now, LEASE_MILLIS, limit);
        lastBeat = now;
        return adopted;
    }

    /**
     * Stops beating and adopting, waiting for a beat in flight to end; the node still counts as alive until it
     * {@link #leave}s or its beat runs out. No adoption is handed on after this returns.
     */
    @Override
    public void close() {
        running = false;
        wake.nudge();
        beating.lock(); // a beat in flight holds it until its database call ends
        beating.unlock();
    }

    /** Says that this node is gone, so that other nodes adopt at once what it leaves pending. */
    void leave() {
        beating.lock();
        try {
            running = false;
            store.leave(node);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not say that this node leaves; other nodes adopt its pending "
                    + "turns once its beat runs out", e);
        } finally {
            beating.unlock();
        }
    }
}
