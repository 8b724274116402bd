package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.Parley;
import dev.parley.config.Config;
import dev.parley.config.ConfigLoader;
import dev.parley.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The real server on port 0 with a temporary data dir, and a client for it. Close it after the test. */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final Path dataDir;
    private final Parley parley;
    private final Http http;

    private TestServer(Config config, Clock clock) {
        this.dataDir = config.dataDir();
        this.parley = Parley.start(config, clock);
        this.http = new Http("http://127.0.0.1:" + parley.port());
    }

    public static TestServer start() {
        return start(config(tempDir()), Clock.systemUTC());
    }

    public static TestServer start(Config config, Clock clock) {
        return new TestServer(config, clock);
    }

    /** A configuration for tests: port 0, no demo channel, no rate limit unless a test sets one. */
    public static Config config(Path dataDir) {
        return config(dataDir, Map.of());
    }

    /** The test configuration with some settings changed, named as environment variables. */
    public static Config config(Path dataDir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("PARLEY_PORT", "0", "PARLEY_DATA_DIR", dataDir.toString(),
                "PARLEY_ADMIN_TOKEN", ADMIN_TOKEN, "PARLEY_CLIENT_RATE", "0", "PARLEY_DEMO", "false"));
        env.putAll(settings);
        return ConfigLoader.load(env, new String[0]);
    }

    public static TestServer start(Map<String, String> settings) {
        return start(config(tempDir(), settings), Clock.systemUTC());
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("parley-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Http http() {
        return http;
    }

    public int port() {
        return parley.port();
    }

    /** The port of the listener of waiting polls and streams; the server must run with PARLEY_STREAMS_PORT. */
    public int streamsPort() {
        return parley.streamsPort().orElseThrow(() -> new IllegalStateException("started without PARLEY_STREAMS_PORT"));
    }

    /** Creates a channel from a scenario text and returns its token. */
    public String channel(String scenario) {
        return channel(scenario, false);
    }

    public String channel(String scenario, boolean blockForm) {
        return channel(Json.object().put("name", "test").put("scenario", scenario).put("blockForm", blockForm));
    }

    /** Creates a channel from a full admin request body and returns its token. */
    public String channel(ObjectNode body) {
        Http.Response created = http.admin("POST", "/api/v1/channels", body);
        if (created.status() != 201) {
            throw new IllegalStateException("channel not created: " + created.status() + " " + created.text());
        }
        return created.json().get("token").asText();
    }

    public JsonNode adminJson(String method, String path, Object body) {
        return http.admin(method, path, body).json();
    }

    /** Stops the server but keeps its data dir, for a restart on the same data. */
    public void stopKeepingData() {
        parley.close();
    }

    @Override
    public void close() {
        parley.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
