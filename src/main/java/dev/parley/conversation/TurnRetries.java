package dev.parley.conversation;

import dev.parley.delivery.Backoff;
import dev.parley.store.DatabaseErrors;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tries an accepted async turn until it commits. A failure is tried again after a pause of 1 s doubling to
 * {@link #CAP}, inside the client's lane, so that the client's later turns wait for it instead of overtaking it. A
 * failure that passes — the database unavailable for a while, a transaction that lost a race — is tried without
 * limit; any other failure (a bug, data the database refuses) would fail every time and block the client's lane for
 * good, so after {@link #MAX_FAILURES} of them the turn is given up: marked answered without a reply, and logged. It
 * stops too when the turn no longer needs this node — answered, taken over by another node, its channel deleted — or
 * the node stops; a turn left so stays pending, and the next node to look adopts it ({@link PendingTurns}).
 * Thread-safe.
 */
final class TurnRetries {

    /** How long, at most, between two tries of a failing turn. */
    static final Duration CAP = Duration.ofSeconds(30);
    /** How many failures that are not passing a turn may have before it is given up. */
    static final int MAX_FAILURES = 5;

    private static final System.Logger LOG = System.getLogger(TurnRetries.class.getName());

    /** The wait between two tries: the real one sleeps, a test's returns at once. */
    interface Pause {

        /** Waits {@code millis}; false when the node is stopping instead, and the turn should be left pending. */
        boolean await(long millis);
    }

    /** Gives up a turn: marks its request answered, in a write of its own, so that no node runs it again. */
    interface GiveUp {

        void giveUp();
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
     * run, the node is stopping, or the turn was given up.
     *
     * @param what names the turn in the log by its question id and client, never by the channel's token
     */
    <T> Optional<T> run(String what, Supplier<T> turn, GiveUp giveUp) {
        int failures = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(turn.get());
            } catch (ConversationStore.TurnTaken taken) {
                LOG.log(System.Logger.Level.INFO, what + " is answered already or now runs on another node");
                return Optional.empty();
            } catch (RuntimeException e) {
                failures += passes(e) ? 0 : 1;
                if (failures >= MAX_FAILURES && gaveUp(what, e, giveUp)) {
                    return Optional.empty();
                }
                if (!pauseAfter(what, attempt, e)) {
                    return Optional.empty();
                }
                stats.asyncRetries.increment();
            }
        }
    }

    /** Whether a failure is one that passes, so that the turn is worth trying without limit. */
    static boolean passes(RuntimeException e) {
        return DatabaseErrors.isUnavailable(e) || DatabaseErrors.isConflict(e) || e instanceof BotTurns.KeptColliding;
    }

    private static boolean gaveUp(String what, RuntimeException e, GiveUp giveUp) {
        try {
            giveUp.giveUp();
        } catch (ConversationStore.TurnTaken taken) {
            LOG.log(System.Logger.Level.INFO, what + " is answered already or now runs on another node");
            return true;
        } catch (RuntimeException cannot) {
            LOG.log(System.Logger.Level.WARNING, "Could not give up " + what + " yet; trying it again: " + cannot);
            return false;
        }
        // the first failure's stack trace is logged already; the SQL in a message may quote the stored body
        LOG.log(System.Logger.Level.ERROR, what + " failed " + MAX_FAILURES + " times, not for want of the database ("
                + e.getClass().getName() + "); given up, it gets no reply");
        return true;
    }

    private boolean pauseAfter(String what, int attempt, RuntimeException e) {
        long delay = backoff.delayMillis(attempt);
        String failed = what + " failed (try " + attempt + "); trying again in " + delay + " ms";
        if (attempt == 1) {
            LOG.log(System.Logger.Level.WARNING, failed, e);
        } else { // an outage fails every turn again and again: one stack trace per turn tells enough
            LOG.log(System.Logger.Level.WARNING, failed + ": " + e);
        }
        if (!pause.await(delay)) {
            LOG.log(System.Logger.Level.WARNING, what + " stays pending while this node stops; the next node to look"
                    + " runs it");
            return false;
        }
        return true;
    }
}
