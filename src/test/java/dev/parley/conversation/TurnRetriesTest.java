package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.delivery.Backoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
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

    /** A turn that throws {@code failures} times, then answers. */
    private static java.util.function.Supplier<String> failing(int failures) {
        int[] tries = {0};
        return () -> {
            if (tries[0]++ < failures) {
                throw new IllegalStateException("database down");
            }
            return "reply";
        };
    }

    @Test
    void aTurnThatSucceedsAtOnceIsNeitherPausedNorCounted() {
        assertThat(retries().run("turn", failing(0))).contains("reply");

        assertThat(pauses).isEmpty();
        assertThat(stats.asyncRetries()).isZero();
    }

    @Test
    void aFailingTurnIsTriedAgainAfterPausesDoublingFromOneSecondUpToThirtyUntilItCommits() {
        Optional<String> reply = retries().run("turn", failing(8));

        assertThat(reply).contains("reply");
        assertThat(pauses).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
        assertThat(stats.asyncRetries()).isEqualTo(8);
    }

    @Test
    void aTurnAnsweredElsewhereIsNotTriedAgain() {
        Optional<String> reply = retries().run("turn", () -> {
            throw new ConversationStore.TurnTaken(7);
        });

        assertThat(reply).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aStoppingNodeStopsTryingAndLeavesTheTurnPending() {
        stopping = true;

        assertThat(retries().run("turn", failing(3))).isEmpty();
        assertThat(pauses).hasSize(1);
        assertThat(stats.asyncRetries()).isZero();
    }
}
