package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Gauges read in the background: what a scrape shows before, between and during failed refreshes. */
class CachedGaugesTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CachedGauges gauges = new CachedGauges(clock);
    private final AtomicLong pending = new AtomicLong(7);
    private final AtomicBoolean down = new AtomicBoolean();
    private final DoubleSupplier gauge = gauges.add(() -> {
        if (down.get()) {
            throw new IllegalStateException("connection refused");
        }
        return pending.get();
    });

    @Test
    void aGaugeShowsNothingUntilItsFirstReadAndThenWhatTheLastRefreshRead() {
        assertThat(gauge.getAsDouble()).isNaN();
        assertThat(gauges.up()).isZero();

        gauges.refresh();
        pending.set(9);

        assertThat(gauge.getAsDouble()).as("not read again until the next refresh").isEqualTo(7.0);
        assertThat(gauges.up()).isEqualTo(1.0);
        gauges.refresh();
        assertThat(gauge.getAsDouble()).isEqualTo(9.0);
    }

    @Test
    void whileTheDatabaseFailsGaugesKeepTheirLastValuesAreMarkedDownAndAge() {
        gauges.refresh();
        clock.advance(Duration.ofSeconds(3));
        assertThat(gauges.ageSeconds()).isEqualTo(3.0);
        down.set(true);

        gauges.refresh();
        clock.advance(Duration.ofSeconds(5));

        assertThat(gauge.getAsDouble()).isEqualTo(7.0);
        assertThat(gauges.up()).isZero();
        assertThat(gauges.ageSeconds()).isEqualTo(8.0);
        down.set(false);
        gauges.refresh();
        assertThat(gauges.up()).isEqualTo(1.0);
        assertThat(gauges.ageSeconds()).isZero();
    }

    @Test
    void aReadOfGaugesOlderThanAskedRefreshesThemInTheBackgroundAndAFreshReadDoesNot() {
        List<Runnable> background = new ArrayList<>();
        gauges.refreshWhenRead(background::add, 5_000);
        gauges.refresh();
        pending.set(9);

        clock.advance(Duration.ofSeconds(4));
        assertThat(gauge.getAsDouble()).isEqualTo(7.0);
        assertThat(background).as("fresh enough: no refresh").isEmpty();

        clock.advance(Duration.ofSeconds(2));
        assertThat(gauge.getAsDouble()).as("the read never waits for the database").isEqualTo(7.0);
        assertThat(gauge.getAsDouble()).isEqualTo(7.0);
        assertThat(background).as("one refresh at a time").hasSize(1);
        background.getFirst().run();
        assertThat(gauge.getAsDouble()).isEqualTo(9.0);
    }
}
