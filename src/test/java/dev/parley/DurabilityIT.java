package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Starts the real jar as a process, loads it with sync and async requests, kills it with SIGKILL mid-load,
 * restarts it on the same data dir and finds every acknowledged message — and the reply to every acknowledged
 * async request.
 */
class DurabilityIT {

    private static final int CLIENTS = 8;
    private static final String SCENARIO = Scenarios.SHOP.replace("states:\n", """
            states:
              /Wait:
                - intent: {patterns: ["wait"]}
                - text: "Waiting"
                - timeout: {after: 3s, goto: /StillThere}
              /StillThere:
                - text: "Still there?"
            """);

    @Test
    void everyAcknowledgedMessageDeliveryAndTimerSurvivesKillDashNine() throws Exception {
        Path dataDir = TestServer.tempDir();
        int port = freePort();
        Process server = startJar(dataDir, port);
        Http http = new Http("http://127.0.0.1:" + port);
        String token;
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        Map<String, Set<String>> asyncAcknowledged = new ConcurrentHashMap<>();
        try (RecordingWebhookReceiver webhook = new RecordingWebhookReceiver()) {
            for (int i = 0; i < 100_000; i++) {
                webhook.answer(new RecordingWebhookReceiver.Answer(503, 0));
            }
            try {
                awaitHealth(http);
                token = http.admin("POST", "/api/v1/channels", Map.of("name", "dur", "scenario", SCENARIO,
                        "webhookUrl", webhook.url())).json().get("token").asText();
                assertThat(http.post("/chatapi/" + token, Map.of("clientId", "sleeper", "query", "wait")).status())
                        .isEqualTo(200);
                load(http, token, acknowledged, asyncAcknowledged);
            } finally {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).isGreaterThan(100);
            assertThat(delivered(webhook)).as("the webhook refused every call before the kill").isEmpty();
            webhook.clearScript();
            Process restarted = startJar(dataDir, port);
            try {
                awaitHealth(http);
                checkAfterRestart(http, token, acknowledged, asyncAcknowledged, webhook);
            } finally {
                restarted.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void checkAfterRestart(Http http, String token, Map<String, Set<String>> acknowledged,
            Map<String, Set<String>> asyncAcknowledged, RecordingWebhookReceiver webhook) throws InterruptedException {
        for (int c = 0; c < CLIENTS; c++) {
            String clientId = "client-" + c;
            assertThat(clientQuestions(http, token, clientId, "CLIENT"))
                    .containsAll(acknowledged.getOrDefault(clientId, Set.of()));
            awaitReplies(http, token, clientId, asyncAcknowledged.getOrDefault(clientId, Set.of()));
        }
        JsonNode timer = http.get("/chatapi/" + token + "/events?clientId=sleeper&ts=0&timeout=20").json();
        assertThat(timer.get("events").get(0).at("/event/data/answer").asText()).isEqualTo("Still there?");
        Set<String> asyncAll = new HashSet<>();
        asyncAcknowledged.values().forEach(asyncAll::addAll);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!delivered(webhook).containsAll(asyncAll)) {
            assertThat(System.currentTimeMillis()).as("pending webhook deliveries resumed").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Question ids the webhook accepted (answered 2xx). */
    private static Set<String> delivered(RecordingWebhookReceiver webhook) {
        Set<String> ids = new HashSet<>();
        for (RecordingWebhookReceiver.Call call : webhook.calls()) {
            if (call.status() / 100 == 2) {
                call.json().forEach(envelope -> ids.add(envelope.get("questionId").asText()));
            }
        }
        return ids;
    }

    private static void load(Http http, String token, Map<String, Set<String>> acknowledged,
            Map<String, Set<String>> asyncAcknowledged) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            String clientId = "client-" + c;
            boolean async = c % 2 == 1;
            pool.submit(() -> {
                while (running.get()) {
                    try {
                        Http.Response r = http.post("/chatapi/" + token + (async ? "/async" : ""),
                                Map.of("clientId", clientId, "query", "hello"));
                        if (r.status() == 200) {
                            String questionId = r.json().get("questionId").asText();
                            acknowledged.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).add(questionId);
                            if (async) {
                                asyncAcknowledged.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet())
                                        .add(questionId);
                            }
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(2_500);
        running.set(false);
        pool.shutdownNow();
    }

    private static Set<String> clientQuestions(Http http, String token, String clientId, String author) {
        Set<String> ids = new HashSet<>();
        int offset = 0;
        while (true) {
            JsonNode page = http.get("/chatapi/" + token + "/client/" + clientId + "/history?limit=1000&offset="
                    + offset).json();
            for (JsonNode message : page.get("messages")) {
                if (message.get("author").asText().equals(author)) {
                    ids.add(message.get("questionId").asText());
                }
            }
            if (page.get("messages").size() < 1000) {
                return ids;
            }
            offset += 1000;
        }
    }

    private static void awaitReplies(Http http, String token, String clientId, Set<String> asked)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!clientQuestions(http, token, clientId, "BOT").containsAll(asked)) {
            assertThat(System.currentTimeMillis()).as("async replies resumed after restart").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Process startJar(Path dataDir, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server-" + System.nanoTime() + ".log").toFile());
        builder.environment().putAll(Map.of("PARLEY_PORT", String.valueOf(port),
                "PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_ADMIN_TOKEN", TestServer.ADMIN_TOKEN,
                "PARLEY_CLIENT_RATE", "0", "PARLEY_DEMO", "false"));
        return builder.start();
    }

    private static String jar() {
        String jar = System.getProperty("parley.jar", "target/parley.jar");
        assertThat(Files.exists(Path.of(jar))).as("the packaged jar " + jar).isTrue();
        return jar;
    }

    private static void awaitHealth(Http http) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the server is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
