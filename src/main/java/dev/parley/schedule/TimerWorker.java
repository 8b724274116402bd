package dev.parley.schedule;

import dev.parley.conversation.ConversationService;
import dev.parley.conversation.DueTimer;
import java.time.Clock;
import java.util.List;

/**
 * Fires due bot timers. It polls every {@value #POLL_MILLIS} ms, which is finer than the one-second resolution of
 * scenario timeouts; each due timer runs as a turn in its client's lane. Thread-safe.
 */
public final class TimerWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TimerWorker.class.getName());
    private static final long POLL_MILLIS = 250;
    private static final int BATCH = 256;
    private static final long LEASE_MILLIS = 120_000;

    private final TimerStore store;
    private final ConversationService conversations;
    private final Clock clock;
    private final Thread poller;
    private volatile boolean running = true;

    public TimerWorker(TimerStore store, ConversationService conversations, Clock clock) {
        this.store = store;
        this.conversations = conversations;
        this.clock = clock;
        this.poller = Thread.ofVirtual().name("parley-timers").unstarted(this::poll);
    }

    public void start() {
        store.releaseStaleLeases();
        poller.start();
    }

    private void poll() {
        while (running) {
            try {
                List<DueTimer> due = store.claim(clock.millis(), BATCH, clock.millis() + LEASE_MILLIS);
                due.forEach(this::fire);
                if (due.size() < BATCH) {
                    Thread.sleep(POLL_MILLIS);
                }
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
