package dev.parley.conversation;

import dev.parley.delivery.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tries an accepted async turn until it commits. A failure (the database down for a while, a full disk) is tried
 * again after a pause of 1 s doubling to {@link #CAP}, inside the client's lane, so that the client's later turns wait
 * for it instead of overtaking it. It stops only when the turn no longer needs this node — answered, taken over by
 * another node, its channel deleted — or the node stops; a turn left so stays pending, and the next node to look
 * adopts it ({@link PendingTurns}). Thread-safe.
 */
final class TurnRetries {

    /** How long, at most, between two tries of a failing turn. */
    static final Duration CAP = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(TurnRetries.class.getName());

    /** The wait between two tries: the real one sleeps, a test's returns at once. */
    interface Pause {

        /** Waits {@code millis}; false when the node is stopping instead, and the turn should be left pending. */
        boolean await(long millis);
    }

    private final Backoff backoff;
    private final Pause pause;
    private final TurnStats stats;

    TurnRetries(Backoff backoff, Pause pause, TurnStats stats) {
        this.backoff = backoff;
        this.pause = pause;
        this.stats = stats;
    }

    /**
     * Runs {@code turn} until it returns, and returns its result; empty when the turn is no longer this node's to
     * run or the node is stopping.
     */
    <T> Optional<T> run(String what, Supplier<T> turn) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(turn.get());
            } catch (ConversationStore.TurnTaken taken) {
                LOG.log(System.Logger.Level.INFO, what + " is answered already or now runs on another node");
                return Optional.empty();
            } catch (RuntimeException e) {
                long delay = backoff.delayMillis(attempt);
                String failed = what + " failed (try " + attempt + "); trying again in " + delay + " ms";
                if (attempt == 1) {
                    LOG.log(System.Logger.Level.WARNING, failed, e);
                } else { // an outage fails every turn again and again: one stack trace per turn tells enough
                    LOG.log(System.Logger.Level.WARNING, failed + ": " + e);
                }
                if (!pause.await(delay)) {
                    LOG.log(System.Logger.Level.WARNING, what + " stays pending while this node stops; the next "
                            + "node to look runs it");
                    return Optional.empty();
                }
                stats.asyncRetries.increment();
            }
        }
    }
}
