package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void familiesAreRenderedInThePrometheusTextFormatWithValuesReadAtScrapeTime() {
        AtomicLong count = new AtomicLong(3);
        Metrics metrics = new Metrics()
                .counter("x_total", "Things done", count::get)
                .counter("y_total", "Things by kind", "kind", Map.<String, LongSupplier>of("b", () -> 2, "a", () -> 1))
                .gauge("z_ratio", "A ratio", () -> 0.25);
        count.set(4);

        assertThat(metrics.render()).isEqualTo("""
                # HELP x_total Things done
                # TYPE x_total counter
                x_total 4
                # HELP y_total Things by kind
                # TYPE y_total counter
                y_total{kind="a"} 1
                y_total{kind="b"} 2
                # HELP z_ratio A ratio
                # TYPE z_ratio gauge
                z_ratio 0.25
                """);
    }

    @Test
    void histogramBucketsAreCumulativeAndEndWithTheTotal() {
        Histogram h = new Histogram();
        h.record(500_000);          // 0.5 ms
        h.record(15_000_000);       // 15 ms
        h.record(15_000_000);
        h.record(60_000_000_000L);  // a minute: past every bound

        String text = new Metrics().histogram("t_seconds", "Times", h).render();

        assertThat(text).contains("t_seconds_bucket{le=\"0.001\"} 1\n", "t_seconds_bucket{le=\"0.01\"} 1\n",
                "t_seconds_bucket{le=\"0.02\"} 3\n", "t_seconds_bucket{le=\"30\"} 3\n",
                "t_seconds_bucket{le=\"+Inf\"} 4\n", "t_seconds_count 4\n", "t_seconds_sum 60.0305\n");
    }

    @Test
    void aNameOutsidePrometheusSyntaxIsRefused() {
        assertThatThrownBy(() -> new Metrics().gauge("bad-name", "x", () -> 1)).hasMessageContaining("bad-name");
    }
}
