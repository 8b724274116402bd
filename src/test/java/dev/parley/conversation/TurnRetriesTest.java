package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.delivery.Backoff;
import dev.parley.events.ClientKey;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class TurnRetriesTest {

    /** A random generator whose {@code nextDouble} is always 0.5: no jitter, so the delays are exact. */
    private static final RandomGenerator MIDDLE = () -> Long.MIN_VALUE;

    private final List<Long> pauses = new ArrayList<>();
    private final TurnStats stats = new TurnStats();
    private boolean stopping;

    private TurnRetries retries() {
        return new TurnRetries(new Backoff(MIDDLE, TurnRetries.CAP), millis -> {
            pauses.add(millis);
            return !stopping;
        }, stats);
    }

    private int givenUp;

    /** A turn that throws {@code failures} times as if the database were down, then answers. */
    private static Supplier<String> failing(int failures) {
        return failing(failures, () -> new UnableToExecuteStatementException(
                new SQLTransientConnectionException("no connection within 3000 ms"), null));
    }

    /** A turn that throws {@code failures} of {@code failure}, then answers. */
    private static Supplier<String> failing(int failures, Supplier<RuntimeException> failure) {
        int[] tries = {0};
        return () -> {
            if (tries[0]++ < failures) {
                throw failure.get();
            }
            return "reply";
        };
    }

    private <T> Optional<T> run(Supplier<T> turn) {
        return retries().run("turn", turn, () -> givenUp++);
    }

    @Test
    void aTurnThatSucceedsAtOnceIsNeitherPausedNorCounted() {
        assertThat(run(failing(0))).contains("reply");

        assertThat(pauses).isEmpty();
        assertThat(stats.asyncRetries()).isZero();
    }

    @Test
    void aFailingTurnIsTriedAgainAfterPausesDoublingFromOneSecondUpToThirtyUntilItCommits() {
        Optional<String> reply = run(failing(8));

        assertThat(reply).contains("reply");
        assertThat(pauses).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
        assertThat(stats.asyncRetries()).isEqualTo(8);
        assertThat(givenUp).isZero();
    }

    @Test
    void aTurnTheDatabaseRefusesIsGivenUpAfterFiveFailuresInsteadOfBlockingItsClientForGood() {
        Optional<String> reply = run(failing(100, () -> new UnableToExecuteStatementException(
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"), null)));

        assertThat(reply).isEmpty();
        assertThat(givenUp).isEqualTo(1);
        assertThat(pauses).hasSize(4);
    }

    @Test
    void aBugInATurnIsGivenUpToo() {
        assertThat(run(failing(100, () -> new NullPointerException("bug")))).isEmpty();
        assertThat(givenUp).isEqualTo(1);
    }

    @Test
    void serializationFailuresDeadlocksAndCollisionsAreTriedWithoutLimit() {
        Supplier<RuntimeException> serialization = () -> new UnableToExecuteStatementException(
                new SQLException("could not serialize access", "40001"), null);
        Supplier<RuntimeException> deadlock = () -> new UnableToExecuteStatementException(
                new SQLException("deadlock detected", "40P01"), null);
        Supplier<RuntimeException> collisions = () -> new BotTurns.KeptColliding(new ClientKey(1, "ann"));

        assertThat(run(failing(9, serialization))).contains("reply");
        assertThat(run(failing(9, deadlock))).contains("reply");
        assertThat(run(failing(9, collisions))).contains("reply");
        assertThat(givenUp).isZero();
    }

    @Test
    void aTurnThatCannotBeGivenUpWhileTheDatabaseIsDownIsTriedAgain() {
        int[] tries = {0};
        Optional<String> reply = retries().run("turn", failing(6, () -> new IllegalStateException("bug")), () -> {
            if (tries[0]++ == 0) {
                throw new UnableToExecuteStatementException(new SQLTransientConnectionException("down"), null);
            }
            givenUp++;
        });

        assertThat(reply).isEmpty();
        assertThat(givenUp).isEqualTo(1);
        assertThat(tries[0]).isEqualTo(2);
    }

    @Test
    void aTurnAnsweredElsewhereIsNotTriedAgain() {
        Optional<String> reply = run(() -> {
            throw new ConversationStore.TurnTaken(7);
        });

        assertThat(reply).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aStoppingNodeStopsTryingAndLeavesTheTurnPending() {
        stopping = true;

        assertThat(run(failing(3))).isEmpty();
        assertThat(pauses).hasSize(1);
        assertThat(stats.asyncRetries()).isZero();
    }
}
