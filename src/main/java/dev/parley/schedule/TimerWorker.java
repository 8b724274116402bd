package dev.parley.schedule;

import dev.parley.conversation.ConversationService;
import dev.parley.conversation.DueTimer;
import dev.parley.store.WorkSignal;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

/**
 * Fires due bot timers, each as a turn in its client's lane. It sleeps until the next timer falls due, and is woken
 * by the signal that a turn of this node set a new timer (or that another node left); an idle worker reads the next
 * due time once every {@link WorkSignal#SAFETY_POLL_MILLIS} ms, which also finds timers other nodes set, and those
 * whose lease ran out. Thread-safe.
 */
public final class TimerWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TimerWorker.class.getName());
    /** How long to wait when timers are due but another node holds them all at the moment. */
    private static final long BUSY_MILLIS = 250;
    private static final int BATCH = 256;
    private static final long LEASE_MILLIS = 120_000;

    private final TimerStore store;
    private final ConversationService conversations;
    private final Clock clock;
    private final WorkSignal signal;
    private final Thread poller;
    private volatile boolean running = true;

    /** @param signal nudged after every commit that sets a timer */
    public TimerWorker(TimerStore store, ConversationService conversations, Clock clock, WorkSignal signal) {
        this.store = store;
        this.conversations = conversations;
        this.clock = clock;
        this.signal = signal;
        this.poller = Thread.ofVirtual().name("parley-timers").unstarted(this::poll);
    }

    public void start() {
        store.releaseStaleLeases();
        poller.start();
    }

    private void poll() {
        while (running) {
            try {
                signal.await(round());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // closing: the database went away under the round, nothing to report
                }
                LOG.log(System.Logger.Level.ERROR, "Timer poll failed; retrying shortly", e);
                sleepQuietly();
            }
        }
    }

    /** Fires what is due; returns how long to sleep before the next round (0: look again at once). */
    long round() {
        long now = clock.millis();
        OptionalLong next = store.nextDue(now);
        if (next.isEmpty()) {
            return WorkSignal.SAFETY_POLL_MILLIS;
        }
        if (next.getAsLong() > now) {
            return Math.min(next.getAsLong() - now, WorkSignal.SAFETY_POLL_MILLIS);
        }
        List<DueTimer> due = store.claim(now, BATCH, now + LEASE_MILLIS);
        due.forEach(this::fire);
        return due.isEmpty() ? BUSY_MILLIS : 0;
    }

    private void fire(DueTimer timer) {
        conversations.fireTimer(timer).whenComplete((outcome, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.ERROR, "Timer " + timer.timerId() + " of client " + timer.clientId()
                        + " failed; it fires again when its lease ends", error);
            } else if (outcome == DueTimer.Outcome.ORPHANED) {
                store.drop(timer.timerId());
            }
        });
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
