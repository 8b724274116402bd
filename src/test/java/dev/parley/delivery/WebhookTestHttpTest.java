package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/channels/{id}/webhook/test}: one signed sample call, and what the receiver answered. */
class WebhookTestHttpTest {

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private long channel(Map<String, Object> settings) {
        if (server == null) {
            server = TestServer.start();
        }
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "Hooked", "scenario", Scenarios.SHOP));
        body.putAll(settings);
        Http.Response created = server.http().admin("POST", "/api/v1/channels", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private Http.Response test(long id, Object body) {
        return server.http().admin("POST", "/api/v1/channels/" + id + "/webhook/test", body);
    }

    @Test
    void theSavedWebhookGetsOneSignedSampleWithTheUsualHeaders() {
        receiver.answer(new RecordingWebhookReceiver.Answer(200, 0, "{\"ok\": true}"));
        long id = channel(Map.of("webhookUrl", receiver.url(), "webhookSecret", "s3cret"));

        Http.Response response = test(id, null);

        assertThat(response.status()).isEqualTo(200);
        JsonNode result = response.json();
        assertThat(result.get("status").asInt()).isEqualTo(200);
        assertThat(result.get("latencyMs").asLong()).isNotNegative();
        assertThat(result.get("responseBody").asText()).isEqualTo("{\"ok\": true}");
        assertThat(result.get("error").isNull()).isTrue();
        List<RecordingWebhookReceiver.Call> calls = receiver.calls();
        assertThat(calls).hasSize(1);
        RecordingWebhookReceiver.Call call = calls.getFirst();
        assertThat(call.header("X-ChatApi-Delivery-Id")).isNotBlank();
        assertThat(call.header("X-ChatApi-Attempt")).isEqualTo("1");
        String timestamp = call.header("X-ChatApi-Timestamp");
        assertThat(timestamp).matches("\\d+");
        assertThat(call.header("X-ChatApi-Signature")).isEqualTo(Signer.sign("s3cret", timestamp, call.body()));
        JsonNode envelopes = call.json();
        assertThat(envelopes.isArray()).isTrue();
        assertThat(envelopes.size()).isEqualTo(1);
        assertThat(envelopes.get(0).get("clientId").asText()).isEqualTo("parley-webhook-test");
        assertThat(envelopes.get(0).at("/data/replies/0/type").asText()).isEqualTo("text");
        assertThat(envelopes.get(0).has("questionId")).isTrue();
        assertThat(envelopes.get(0).has("timestamp")).isTrue();
    }

    @Test
    void anUnsavedUrlAndSecretCanBeTestedAndAnEmptySecretSendsItUnsigned() {
        long id = channel(Map.of());

        assertThat(test(id, Map.of("url", receiver.url(), "secret", "other")).json().get("status").asInt())
                .isEqualTo(200);
        assertThat(test(id, Map.of("url", receiver.url(), "secret", "")).json().get("status").asInt())
                .isEqualTo(200);

        List<RecordingWebhookReceiver.Call> calls = receiver.calls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).header("X-ChatApi-Signature"))
                .isEqualTo(Signer.sign("other", calls.get(0).header("X-ChatApi-Timestamp"), calls.get(0).body()));
        assertThat(calls.get(1).header("X-ChatApi-Signature")).isNull();
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id, null).get("webhookUrl").isNull())
                .as("testing saves nothing").isTrue();
    }

    @Test
    void theReceiversStatusAndTheFirst2KbOfItsAnswerAreShownWhateverTheStatus() {
        receiver.answer(new RecordingWebhookReceiver.Answer(500, 0, "x".repeat(5000)));
        long id = channel(Map.of("webhookUrl", receiver.url()));

        JsonNode result = test(id, Map.of()).json();

        assertThat(result.get("status").asInt()).isEqualTo(500);
        assertThat(result.get("responseBody").asText()).hasSize(2048);
        assertThat(result.get("error").isNull()).isTrue();
    }

    @Test
    void aCallThatFailsIsA200WithNoStatusAndTheError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long id = channel(Map.of());

        JsonNode result = test(id, Map.of("url", "http://127.0.0.1:" + closedPort + "/hook")).json();

        assertThat(result.get("status").isNull()).isTrue();
        assertThat(result.get("error").asText()).startsWith("connection failed");
        assertThat(result.get("responseBody").asText()).isEmpty();
    }

    @Test
    void anAddressTheOutboundPolicyRefusesIsNotCalledAndTheErrorSaysWhy() {
        server = TestServer.start(Map.of("PARLEY_HTTP_ALLOW_PRIVATE", "false"));
        long id = channel(Map.of());

        Http.Response response = test(id, Map.of("url", receiver.url()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").isNull()).isTrue();
        assertThat(response.json().get("error").asText()).startsWith("refused: ").contains("loopback");
        assertThat(receiver.calls()).isEmpty();
    }

    @Test
    void badInputIsA4xx() {
        long id = channel(Map.of());
        String path = "/api/v1/channels/" + id + "/webhook/test";

        Http.Response missing = test(id, null);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("error").asText()).isEqualTo("admin.webhook.missing");
        assertThat(test(id, Map.of("url", "ftp://example.com/hook")).status()).isEqualTo(400);
        assertThat(test(id, Map.of("url", "not a url")).status()).isEqualTo(400);
        assertThat(test(id, Map.of("url", 42)).status()).isEqualTo(400);
        assertThat(test(id, "[1]").status()).isEqualTo(400);
        assertThat(test(999_999, Map.of("url", receiver.url())).status()).isEqualTo(404);
        assertThat(server.http().send("POST", path, "{}", Map.of("Content-Type", "application/json")).status())
                .isEqualTo(401);
        assertThat(receiver.calls()).isEmpty();
    }
}
