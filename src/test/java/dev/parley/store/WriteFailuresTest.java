package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When failing writes make the node report itself down, and when it comes back. */
class WriteFailuresTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final WriteFailures failures = new WriteFailures(clock);

    @Test
    void noFailuresNoProblem() {
        assertThat(failures.problem()).isEmpty();
        assertThat(failures.total()).isZero();
    }

    @Test
    void twoFailuresAreABlipButThreeWithinTheWindowAreAProblem() {
        failures.record();
        clock.advance(Duration.ofSeconds(4));
        failures.record();
        assertThat(failures.problem()).isEmpty();

        clock.advance(Duration.ofSeconds(4));
        failures.record();
        clock.advance(Duration.ofSeconds(1));

        assertThat(failures.problem()).hasValue("writes are failing: 3 or more in the last 10 s, the latest 1 s ago");
        assertThat(failures.total()).isEqualTo(3);
    }

    @Test
    void failuresSpreadWiderThanTheWindowAreNoProblem() {
        for (int i = 0; i < 10; i++) {
            failures.record();
            clock.advance(Duration.ofSeconds(6));
        }

        assertThat(failures.problem()).isEmpty();
        assertThat(failures.total()).isEqualTo(10);
    }

    @Test
    void theProblemLastsUntilAWholeWindowPassesWithoutAFailureAndComesBackWithTheNextFailures() {
        for (int i = 0; i < 50; i++) {
            failures.record();
        }
        clock.advance(WriteFailures.WINDOW.minusMillis(1));
        assertThat(failures.problem()).isPresent();

        clock.advance(Duration.ofMillis(1));
        assertThat(failures.problem()).isEmpty();

        failures.record();
        failures.record();
        assertThat(failures.problem()).as("two fresh failures").isEmpty();
        failures.record();
        assertThat(failures.problem()).as("three fresh failures").isPresent();
    }
}
