package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client's own tests ({@code clients/js/test/cases.mjs}) in Node against the real server: Node has no
 * EventSource, so messages arrive by long polling. Skipped, with the reason, when {@code node} is not on the PATH.
 */
class JsClientNodeTest {

    @Test
    void clientTestsPassInNodeOverLongPolling() throws IOException, InterruptedException {
        Assumptions.assumeTrue(nodeOnPath(), "JavaScript client Node test skipped: no node on the PATH");
        try (TestServer server = TestServer.start()) {
            String token = server.channel(JsClientCases.scenario());
            Process node = new ProcessBuilder("node", "clients/js/test/node-test.mjs",
                    "http://127.0.0.1:" + server.port(), token).redirectErrorStream(true).start();
            boolean ended = node.waitFor(90, TimeUnit.SECONDS);
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ended) {
                node.destroyForcibly();
            }
            assertThat(ended).as("node ended; output so far:\n" + output).isTrue();
            List<String> lines = output.lines().toList();
            assertThat(lines).as(output).filteredOn(line -> line.startsWith("not ok")).isEmpty();
            assertThat(lines).as(output).filteredOn(line -> line.startsWith("ok "))
                    .hasSize(JsClientCases.names().size());
            assertThat(node.exitValue()).as(output).isZero();
        }
    }

    private static boolean nodeOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                return true;
            }
        }
        return false;
    }
}
