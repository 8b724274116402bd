package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two servers share one PostgreSQL database, as two nodes behind a load balancer would. */
class TwoNodesOnPostgresTest {

    private Config config;
    private TestServer a;
    private TestServer b;
    private boolean aClosed;

    @BeforeEach
    void start() {
        config = TestPostgres.newDatabase(TestServer.tempDir());
        a = TestServer.start(config, Clock.systemUTC());
        // node b also serves waiting requests without a thread (PARLEY_STREAMS_PORT)
        b = TestServer.start(TestServer.config(config.dataDir(), Map.of("PARLEY_DB_URL", config.dbUrl(),
                "PARLEY_DB_USER", config.dbUser(), "PARLEY_STREAMS_PORT", "0")), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (!aClosed) {
            a.close();
        }
        b.close();
        TestPostgres.dropDatabase(config);
    }

    @Test
    void longPollOnOneNodeWakesAtOnceForAnEventCommittedOnTheOther() throws Exception {
        String token = a.channel(Scenarios.SHOP);
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> b.http()
                .get("/chatapi/" + token + "/events?clientId=n-1&timeout=30").json());
        Thread.sleep(500);
        long sent = System.currentTimeMillis();

        a.http().post("/chatapi/" + token + "/async", Map.of("clientId", "n-1", "query", "hello"));

        JsonNode page = poll.get(20, TimeUnit.SECONDS);
        assertThat(page.get("events")).hasSize(1);
        assertThat(System.currentTimeMillis() - sent).isLessThan(5_000);
    }

    @Test
    void aLongPollOnTheOtherNodesStreamsPortWakesForAnEventCommittedOnOne() throws Exception {
        String token = a.channel(Scenarios.SHOP);
        Http streamsPort = new Http("http://127.0.0.1:" + b.streamsPort());
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> streamsPort
                .get("/chatapi/" + token + "/events?clientId=n-2&timeout=30").json());
        Thread.sleep(500);

        a.http().post("/chatapi/" + token + "/async", Map.of("clientId", "n-2", "query", "hello"));

        JsonNode page = answer.get(20, TimeUnit.SECONDS);
        assertThat(page.get("events")).hasSize(1);
        assertThat(page.get("events").get(0).get("type").asText()).isEqualTo("botResponse");
    }

    @Test
    void aSlowTurnOnOneNodeIsNotStarvedByAClientBusyOnTheOther() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/slow", exchange -> {
            pause(400);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        slow.start();
        String token = a.channel("""
                name: slow
                states:
                  /Slow:
                    - intent: {patterns: ["slow"]}
                    - http: {method: GET, url: "http://127.0.0.1:%d/slow", ok: /Done, fail: /Done}
                  /Done:
                    - text: "slow done"
                  /CatchAll:
                    - text: "fast"
                """.formatted(slow.getAddress().getPort()));
        String path = "/chatapi/" + token;
        try {
            CompletableFuture<Http.Response> slowTurn = CompletableFuture.supplyAsync(
                    () -> a.http().post(path, Map.of("clientId", "n-3", "query", "slow")));
            List<Integer> busy = new ArrayList<>();
            while (!slowTurn.isDone()) {
                // each of these commits while the slow turn's bot runs, so an optimistic commit of it always loses
                busy.add(b.http().post(path, Map.of("clientId", "n-3", "query", "hi")).status());
                pause(30);
            }

            Http.Response answer = slowTurn.get(60, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.json().at("/data/answer").asText()).isEqualTo("slow done");
            assertThat(busy).isNotEmpty().containsOnly(200);
            assertThat(metric(a, "parley_turn_locked_tries_total")).as("the slow turn won by locking the row")
                    .isPositive();
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void aCampaignRunningOnTwoNodesReachesEveryRecipientExactlyOnce() throws Exception {
        String token = a.channel(Scenarios.SHOP);
        long channelId = a.adminJson("GET", "/api/v1/channels", null).get("items").get(0).get("id").asLong();
        List<String> recipients = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "c-" + i).toList();
        long id = a.adminJson("POST", "/api/v1/channels/" + channelId + "/campaigns",
                Map.of("clientIds", recipients, "text", "Sale today!", "ratePerSecond", 30)).get("id").asLong();

        JsonNode campaign = b.adminJson("GET", "/api/v1/campaigns/" + id, null);
        for (long deadline = System.currentTimeMillis() + 30_000;
                !campaign.get("status").asText().equals("DONE") && System.currentTimeMillis() < deadline; ) {
            pause(100);
            campaign = b.adminJson("GET", "/api/v1/campaigns/" + id, null);
        }

        assertThat(campaign.get("status").asText()).isEqualTo("DONE");
        assertThat(campaign.get("sent").asInt()).isEqualTo(30);
        String pushes = "parley_turns_total{kind=\"push\"}";
        assertThat(List.of(metric(a, pushes), metric(b, pushes))).as("the node holding the lease sent it all")
                .containsExactlyInAnyOrder(0L, 30L);
        for (String client : recipients) {
            JsonNode messages = a.http().get("/chatapi/" + token + "/client/" + client + "/history").json()
                    .get("messages");
            assertThat(messages).as(client).hasSize(1);
        }
    }

    @Test
    void anAgentStreamOnOneNodeHearsOfAHandOffOnTheOther() throws Exception {
        String token = a.channel("""
                name: support
                states:
                  /Agent:
                    - intent: {patterns: ["operator"]}
                    - agent: {message: "Connecting you", noAgents: /NoAgents}
                  /NoAgents:
                    - text: "Nobody is online."
                  /CatchAll:
                    - text: "?"
                """);
        a.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "correct horse", "name", "Anna"));
        String agentToken = b.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + b.port() + "/api/v1/agent/stream?access_token=" + agentToken)).build(),
                HttpResponse.BodyHandlers.ofByteArrayConsumer(bytes -> bytes.ifPresent(
                        chunk -> lines.add(new String(chunk, StandardCharsets.UTF_8)))));
        try {
            assertThat(lines.poll(10, TimeUnit.SECONDS)).as("the stream opened").contains("connected");

            a.http().post("/chatapi/" + token, Map.of("clientId", "n-4", "query", "operator"));

            StringBuilder seen = new StringBuilder();
            for (long deadline = System.currentTimeMillis() + 10_000;
                    !seen.toString().contains("\"n-4\"") && System.currentTimeMillis() < deadline; ) {
                String chunk = lines.poll(500, TimeUnit.MILLISECONDS);
                seen.append(chunk == null ? "" : chunk);
            }
            assertThat(seen.toString()).contains("event:conversation").contains("\"n-4\"").contains("QUEUED");

            a.http().post("/chatapi/" + token, Map.of("clientId", "n-4", "query", "x".repeat(10_000)));

            StringBuilder message = new StringBuilder();
            for (long deadline = System.currentTimeMillis() + 10_000;
                    !message.toString().contains("truncated") && System.currentTimeMillis() < deadline; ) {
                String chunk = lines.poll(500, TimeUnit.MILLISECONDS);
                message.append(chunk == null ? "" : chunk);
            }
            assertThat(message.toString()).as("a text too long for a notice arrives cut")
                    .contains("event:message").contains("\"truncated\":true").contains("x".repeat(1_000))
                    .doesNotContain("x".repeat(1_001));
        } finally {
            stream.cancel(true);
            client.close();
        }
    }

    @Test
    void anAgentTypingOnOneNodeReachesTheClientsStreamOnTheOtherAndAFileUploadedOnOneIsServedByTheOther()
            throws Exception {
        String token = a.channel("""
                name: support
                states:
                  /Agent:
                    - intent: {patterns: ["operator"]}
                    - agent: {message: "Connecting you", noAgents: /NoAgents}
                  /NoAgents:
                    - text: "Nobody is online."
                  /CatchAll:
                    - text: "?"
                """);
        a.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "correct horse", "name", "Anna"));
        String agentToken = b.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
        a.http().post("/chatapi/" + token, Map.of("clientId", "n-9", "query", "operator"));
        Map<String, String> auth = Map.of("Authorization", "Bearer " + agentToken);
        long id = b.http().send("GET", "/api/v1/agent/conversations?status=QUEUED", null, auth).json()
                .at("/items/0/id").asLong();
        b.http().send("POST", "/api/v1/agent/conversations/" + id + "/accept", null, auth);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + a.port() + "/chatapi/" + token + "/events/stream?clientId=n-9")).build(),
                HttpResponse.BodyHandlers.ofByteArrayConsumer(bytes -> bytes.ifPresent(
                        chunk -> lines.add(new String(chunk, StandardCharsets.UTF_8)))));
        try {
            StringBuilder seen = new StringBuilder();
            for (long deadline = System.currentTimeMillis() + 10_000;
                    !seen.toString().contains("event:typing") && System.currentTimeMillis() < deadline; ) {
                // typing is not stored: only a stream open at the time sees it, so type until it is seen
                b.http().send("POST", "/api/v1/agent/conversations/" + id + "/typing", null, auth);
                String chunk = lines.poll(500, TimeUnit.MILLISECONDS);
                seen.append(chunk == null ? "" : chunk);
            }
            assertThat(seen.toString()).contains("event:typing").contains("\"name\":\"Anna\"");
        } finally {
            stream.cancel(true);
            client.close();
        }
        String boundary = "b-0123";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello from a\r\n--" + boundary + "--\r\n";
        String url = a.http().send("POST", "/chatapi/" + token + "/client/n-9/files", body,
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary)).json().get("url").asText();
        Http.Response served = b.http().get(url);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.text()).isEqualTo("hello from a");
    }

    @Test
    void deactivatingAnAccountOnOneNodeClosesItsStreamOnTheOtherAtOnce() throws Exception {
        long id = a.http().admin("POST", "/api/v1/accounts", Map.of("login", "anna", "password", "correct horse",
                "name", "Anna", "role", "agent")).json().get("id").asLong();
        String agentToken = b.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + b.port() + "/api/v1/agent/stream?access_token=" + agentToken)).build(),
                    HttpResponse.BodyHandlers.ofByteArrayConsumer(bytes -> bytes.ifPresent(
                            chunk -> lines.add(new String(chunk, StandardCharsets.UTF_8)))));
            assertThat(lines.poll(10, TimeUnit.SECONDS)).as("the stream opened").contains("connected");

            assertThat(a.http().admin("PATCH", "/api/v1/accounts/" + id, Map.of("active", false)).status())
                    .isEqualTo(200);

            assertThat(stream.get(5, TimeUnit.SECONDS).statusCode()).as("closed before b's next heartbeat")
                    .isEqualTo(200);
        }
        assertThat(b.http().send("GET", "/api/v1/agent/conversations", null,
                Map.of("Authorization", "Bearer " + agentToken)).status()).isEqualTo(401);
    }

    @Test
    void theAsyncTurnsANodeLeftPendingWhenItStoppedAreRunByTheOtherNode() throws Exception {
        RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
        String token = a.channel(Json.object().put("name", "hooked").put("scenario", Scenarios.SHOP)
                .put("webhookUrl", receiver.url()));
        String path = "/chatapi/" + token;
        try {
            // committing a turn writes the outbox; while it is away, a's turns fail and stay pending
            sql("ALTER TABLE deliveries RENAME TO deliveries_away");
            List<String> asked = new ArrayList<>();
            for (String query : List.of("hello", "hello again")) {
                asked.add(a.http().post(path + "/async", Map.of("clientId", "n-5", "query", query)).json()
                        .get("questionId").asText());
            }
            a.close();
            aClosed = true;
            sql("ALTER TABLE deliveries_away RENAME TO deliveries");

            List<String> pushed = new ArrayList<>();
            receiver.await(2, 30_000).forEach(call -> call.json().forEach(m -> pushed.add(m.get("questionId").asText())));
            assertThat(pushed).as("b ran them, in their order").containsExactlyElementsOf(asked);
            JsonNode events = b.http().get(path + "/events?clientId=n-5&timeout=0&ts=0").json().get("events");
            assertThat(events).hasSize(2);
            assertThat(metric(b, "parley_async_turns_adopted_total")).isEqualTo(2);
            assertThat(metric(b, "parley_async_turns_pending")).isZero();
        } finally {
            receiver.close();
        }
    }

    @Test
    void anAsyncTurnLeftPendingByANodeThatDiedIsRunByTheOtherNode() throws Exception {
        RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
        String token = a.channel(Json.object().put("name", "hooked").put("scenario", Scenarios.SHOP)
                .put("webhookUrl", receiver.url()));
        try {
            sql("ALTER TABLE deliveries RENAME TO deliveries_away");
            String asked = a.http().post("/chatapi/" + token + "/async", Map.of("clientId", "n-6", "query", "hello"))
                    .json().get("questionId").asText();
            // as a node that died leaves it: pending on a node whose beat ran out long ago
            sql("INSERT INTO nodes (node_id, alive_until) VALUES (77, 1)");
            sql("UPDATE events SET pending = 77 WHERE pending <> 0");
            sql("ALTER TABLE deliveries_away RENAME TO deliveries");

            List<RecordingWebhookReceiver.Call> calls = receiver.await(1, 30_000);
            assertThat(calls.getFirst().json().get(0).get("questionId").asText()).isEqualTo(asked);
            assertThat(metric(a, "parley_async_turns_adopted_total") + metric(b, "parley_async_turns_adopted_total"))
                    .isEqualTo(1);
            Thread.sleep(1_500);
            assertThat(receiver.calls()).as("answered once: a's own retry stepped aside").hasSize(1);
        } finally {
            receiver.close();
        }
    }

    private void sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.dbUrl(), config.dbUser(), "");
             java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** One sample of a node's {@code /metrics}. */
    private static long metric(TestServer node, String sample) {
        for (String line : node.http().get("/metrics").text().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return (long) Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no " + sample + " in /metrics");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void turnsOfOneClientOnTwoNodesNeverInterleave() throws Exception {
        String token = a.channel(Scenarios.COUNTER);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Http node = i % 2 == 0 ? a.http() : b.http();
            String body = "n " + i;
            answers.add(pool.submit(() -> node.post("/chatapi/" + token, Map.of("clientId", "n-2", "query", body))));
        }
        List<Integer> counts = new ArrayList<>();
        for (Future<Http.Response> answer : answers) {
            Http.Response r = answer.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            counts.add(r.json().at("/data/answer").asText().split(" after ")[1].length());
        }
        pool.shutdown();
        assertThat(counts).as("each turn saw every earlier turn exactly once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
    }
}
