package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outbound calls through the real server: what is refused when saved, and what is refused when called. */
class OutboundHttpTest {

    private static final Map<String, String> STRICT = Map.of("PARLEY_HTTP_ALLOW_PRIVATE", "false");

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private Http.Response createChannel(Object body) {
        return server.http().admin("POST", "/api/v1/channels", body);
    }

    private Http.Response webhookChannel(String url) {
        return createChannel(Json.object().put("name", "hooked").put("scenario", Scenarios.SHOP).put("webhookUrl", url));
    }

    /** The receiver's URL with the host name {@code localhost}, which no save-time check can judge. */
    private String receiverByName() {
        return receiver.url().replace("127.0.0.1", "localhost");
    }

    @Test
    void aLoopbackWebhookIsRefusedWhenSavedWhilePrivateTargetsAreNotAllowed() {
        server = TestServer.start(STRICT);

        Http.Response created = webhookChannel(receiver.url());

        assertThat(created.status()).isEqualTo(422);
        assertThat(created.json().get("error").asText()).isEqualTo("admin.channel.webhook_refused");
        assertThat(created.text()).contains("127.0.0.1 is a loopback address");
        assertThat(server.adminJson("GET", "/api/v1/channels", null).get("items")).isEmpty();
    }

    @Test
    void aChangeToALoopbackWebhookIsRefusedAndChangesNothing() {
        server = TestServer.start(STRICT);
        long id = webhookChannel("https://hooks.example.com/x").json().get("id").asLong();

        Http.Response changed = server.http().admin("PATCH", "/api/v1/channels/" + id,
                Map.of("webhookUrl", "http://[::1]:8080/hook"));

        assertThat(changed.status()).isEqualTo(422);
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id, null).get("webhookUrl").asText())
                .isEqualTo("https://hooks.example.com/x");
    }

    @Test
    void metadataWebhooksAreRefusedWhenSavedEvenWhilePrivateTargetsAreAllowed() {
        server = TestServer.start(Map.of());

        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
                "http://100.100.100.200/", "http://2852039166/")) {
            Http.Response created = webhookChannel(url);
            assertThat(created.status()).as(url).isEqualTo(422);
            assertThat(created.text()).as(url).contains("metadata");
        }
        assertThat(webhookChannel(receiver.url()).status()).as("loopback stays allowed by default").isEqualTo(201);
    }

    @Test
    void aWebhookWhoseNameResolvesToLoopbackIsNeverCalledAndItsDeliveryIsDeadLetteredWithTheReason()
            throws InterruptedException {
        server = TestServer.start(STRICT);
        Http.Response created = webhookChannel(receiverByName());
        assertThat(created.status()).isEqualTo(201);

        String token = created.json().get("token").asText();
        server.http().post("/chatapi/" + token + "/async", Map.of("clientId", "r-1", "query", "hello"));
        JsonNode dead = awaitDeadLetter(created.json().get("id").asLong());

        assertThat(dead.get("attempts").asInt()).as("dead-lettered at once: it would be refused again").isEqualTo(1);
        assertThat(dead.get("lastError").asText()).startsWith("refused: localhost: ")
                .contains("is a loopback address, refused while PARLEY_HTTP_ALLOW_PRIVATE is false");
        Thread.sleep(200);
        assertThat(receiver.calls()).isEmpty();
    }

    @Test
    void aLoopbackWebhookSavedBeforePrivateTargetsWereRefusedIsNotCalledAfterwards() {
        Path data = TestServer.tempDir();
        server = TestServer.start(TestServer.config(data), Clock.systemUTC());
        JsonNode created = webhookChannel(receiver.url()).json();
        server.stopKeepingData();
        server = TestServer.start(TestServer.config(data, STRICT), Clock.systemUTC());

        server.http().post("/chatapi/" + created.get("token").asText() + "/async",
                Map.of("clientId", "r-2", "query", "hello"));
        JsonNode dead = awaitDeadLetter(created.get("id").asLong());

        assertThat(dead.get("lastError").asText()).contains("127.0.0.1 is a loopback address");
        assertThat(receiver.calls()).isEmpty();
    }

    @Test
    void anHttpBlockToAMetadataAddressFailsDeployNamingItsLine() {
        server = TestServer.start(Map.of());
        String scenario = """
                states:
                  /Start:
                    - intent: {phrases: [credentials]}
                    - http:
                        url: http://169.254.169.254/latest/meta-data/iam/{{role}}
                        ok: /Start
                """;

        Http.Response created = createChannel(Map.of("name", "thief", "scenario", scenario));

        assertThat(created.status()).isEqualTo(422);
        assertThat(created.json().get("error").asText()).isEqualTo("admin.scenario.invalid");
        JsonNode problem = created.json().get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(4);
        assertThat(problem.get("message").asText()).contains("http url").contains("169.254.169.254 is a link-local");
    }

    @Test
    void anHttpBlockToANameThatResolvesToLoopbackGoesToItsFailStateWithoutACall() {
        server = TestServer.start(STRICT);
        String scenario = """
                states:
                  /Start:
                    - intent: {phrases: [check]}
                    - http:
                        url: %s
                        ok: /Ok
                        fail: /Fail
                  /Ok:
                    - text: called
                  /Fail:
                    - text: refused
                """.formatted(receiverByName());
        String token = server.channel(scenario);

        Http.Response answer = server.http().post("/chatapi/" + token, Map.of("clientId", "h-1", "query", "check"));

        assertThat(answer.json().at("/data/answer").asText()).isEqualTo("refused");
        assertThat(receiver.calls()).isEmpty();
    }

    @Test
    void anExternalBotAtAMetadataAddressIsRefusedWhenSaved() {
        server = TestServer.start(Map.of());

        Http.Response created = createChannel(Map.of("name", "external",
                "bot", Map.of("type", "http", "url", "http://[fd00:ec2::254]/latest")));

        assertThat(created.status()).isEqualTo(422);
        assertThat(created.text()).contains("bot url is refused").contains("cloud metadata");
    }

    @Test
    void anExternalBotWhoseNameResolvesToLoopbackIsNotCalledAndTheTurnHasNoReplies() throws IOException {
        server = TestServer.start(STRICT);
        AtomicInteger calls = new AtomicInteger();
        HttpServer bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bot.createContext("/bot", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        bot.start();
        try {
            String token = server.channel(Json.object().put("name", "external").set("bot", Json.object()
                    .put("type", "http").put("url", "http://localhost:" + bot.getAddress().getPort() + "/bot")));

            Http.Response answer = server.http().post("/chatapi/" + token, Map.of("clientId", "e-1", "query", "hi"));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().at("/data/replies")).isEmpty();
            assertThat(calls.get()).isZero();
        } finally {
            bot.stop(0);
        }
    }

    private JsonNode awaitDeadLetter(long channelId) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode items = server.adminJson("GET", "/api/v1/channels/" + channelId + "/dead-letters", null)
                    .get("items");
            if (!items.isEmpty()) {
                return items.get(0);
            }
            sleep(50);
        }
        throw new AssertionError("no dead letter");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
