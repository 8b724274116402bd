package dev.parley.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Scenarios a new channel can start from; the demo is the one the demo channel runs. Immutable, thread-safe. */
public final class ScenarioTemplates {

    private final Map<String, String> byName;

    private ScenarioTemplates(Map<String, String> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The templates shipped with the server, read once. */
    public static ScenarioTemplates bundled() {
        return new ScenarioTemplates(Map.of("demo", resource("/dev/parley/bot/demo.yaml")));
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The demo scenario's YAML. */
    public String demo() {
        return byName.get("demo");
    }

    private static String resource(String path) {
        try (InputStream in = ScenarioTemplates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
