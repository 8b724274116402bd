package dev.parley.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What {@code GET /metrics} shows, in the Prometheus text format (version 0.0.4). Features keep their own cheap
 * counters; this registry reads them only when scraped. Thread-safe.
 */
public final class Metrics {

    /** One metric family: its name, type and help, and how to read its samples now. */
    private record Family(String name, String type, String help, Sampler sampler) {
    }

    /** Writes a family's sample lines. */
    private interface Sampler {
        void write(String name, StringBuilder out);
    }

    private final List<Family> families = new CopyOnWriteArrayList<>();

    /** A counter: a count that only grows while the server runs. */
    public Metrics counter(String name, String help, LongSupplier value) {
        return add(name, "counter", help, (n, out) -> sample(out, n, "", value.getAsLong()));
    }

    /** A counter split by one label, such as {@code kind="sync"}. */
    public Metrics counter(String name, String help, String label, Map<String, LongSupplier> byValue) {
        List<Map.Entry<String, LongSupplier>> entries = new ArrayList<>(new TreeMap<>(byValue).entrySet());
        return add(name, "counter", help, (n, out) -> entries.forEach(e ->
                sample(out, n, "{" + label + "=\"" + e.getKey() + "\"}", e.getValue().getAsLong())));
    }

    /** A gauge: a value that goes up and down, read when scraped. */
    public Metrics gauge(String name, String help, DoubleSupplier value) {
        return add(name, "gauge", help, (n, out) -> sample(out, n, "", value.getAsDouble()));
    }

    /** A histogram of durations in seconds. */
    public Metrics histogram(String name, String help, Histogram histogram) {
        return add(name, "histogram", help, (n, out) -> {
            Histogram.Snapshot s = histogram.snapshot();
            for (int i = 0; i < Histogram.BOUNDS.length; i++) {
                sample(out, n + "_bucket", "{le=\"" + format(Histogram.BOUNDS[i]) + "\"}", s.cumulative()[i]);
            }
            sample(out, n + "_bucket", "{le=\"+Inf\"}", s.count());
            sample(out, n + "_sum", "", s.sumSeconds());
            sample(out, n + "_count", "", s.count());
        });
    }

    private Metrics add(String name, String type, String help, Sampler sampler) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        families.add(new Family(name, type, help, sampler));
        return this;
    }

    /** Every family, with its {@code # HELP} and {@code # TYPE} lines. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        for (Family f : families) {
            out.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            f.sampler().write(f.name(), out);
        }
        return out.toString();
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
