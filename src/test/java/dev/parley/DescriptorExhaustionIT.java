package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Starts the real jar with {@code ulimit -n 256} and a connection limit above that, floods it with idle connections
 * until its accepts run out of file descriptors, then lets them go: the server must serve again, as Helidon's
 * listener, left to itself, would have ended for good at the first failed accept.
 */
class DescriptorExhaustionIT {

    private static final int FLOOD = 400;

    @Test
    void theServerAcceptsAgainOnceAFloodThatUsedUpItsDescriptorsIsGone() throws Exception {
        Path dataDir = TestServer.tempDir();
        int port = freePort();
        Process server = startJar(dataDir, port);
        Http http = new Http("http://127.0.0.1:" + port);
        try {
            awaitHealth(http, 30_000);
            List<Socket> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                flood.add(new Socket("127.0.0.1", port));
            }
            // the listener works through its backlog: what it cannot keep it closes at once
            Thread.sleep(2_000);
            for (Socket socket : flood) {
                socket.close();
            }
            awaitHealth(http, 10_000);
            String metrics = http.get("/metrics").text();
            assertThat(sample(metrics, "parley_connections_refused_total{reason=\"descriptors\"}"))
                    .as("connections refused for want of descriptors").isPositive();
            assertThat(sample(metrics, "parley_connections_refused_total{reason=\"limit\"}")).isZero();
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startJar(Path dataDir, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("parley.jar", "target/parley.jar");
        assertThat(Files.exists(Path.of(jar))).as("the packaged jar " + jar).isTrue();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "ulimit -n 256 && exec \"$0\" -Xmx128m -jar \"$1\"",
                java, jar)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile());
        builder.environment().putAll(Map.of("PARLEY_PORT", String.valueOf(port),
                "PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_ADMIN_TOKEN", TestServer.ADMIN_TOKEN,
                "PARLEY_DEMO", "false", "PARLEY_MAX_CONNECTIONS", "1000", "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "0",
                "PARLEY_HTTP_HEADER_TIMEOUT", "0"));
        return builder.start();
    }

    private static void awaitHealth(Http http, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // starting, or still out of descriptors
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not answer /health");
    }

    private static long sample(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\d+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in " + metrics).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
