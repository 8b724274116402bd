package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.RecordingWebhookReceiver.Answer;
import dev.parley.testing.RecordingWebhookReceiver.Call;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryHttpTest {

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private String channel(String url, String secret) {
        return server.channel(Json.object().put("name", "hooked").put("scenario", Scenarios.SHOP)
                .put("webhookUrl", url).put("webhookSecret", secret));
    }

    private String ask(String token, String clientId, String query) {
        return server.http().post("/chatapi/" + token + "/async", Map.of("clientId", clientId, "query", query))
                .json().get("questionId").asText();
    }

    @Test
    void asyncReplyIsPostedAsAOneElementArrayWithDeliveryHeaders() {
        server = TestServer.start(Map.of());
        String token = channel(receiver.url(), "");
        String questionId = ask(token, "w-1", "hello");

        Call call = receiver.await(1, 10_000).getFirst();

        JsonNode body = call.json();
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(1);
        assertThat(body.get(0).get("questionId").asText()).isEqualTo(questionId);
        assertThat(body.get(0).at("/data/answer").asText()).isEqualTo("Hello, friend!");
        assertThat(call.header("Content-Type")).startsWith("application/json");
        assertThat(call.header("X-ChatApi-Delivery-Id")).isNotBlank();
        assertThat(call.header("X-ChatApi-Attempt")).isEqualTo("1");
        assertThat(call.header("X-ChatApi-Timestamp")).matches("\\d+");
        assertThat(call.header("X-ChatApi-Signature")).as("no secret, no signature").isNull();
    }

    @Test
    void syncRepliesAreNotPushed() throws InterruptedException {
        server = TestServer.start(Map.of());
        String token = channel(receiver.url(), "");
        server.http().post("/chatapi/" + token, Map.of("clientId", "s-1", "query", "hello"));
        ask(token, "s-1", "hello");
        receiver.await(1, 10_000);
        Thread.sleep(300);
        assertThat(receiver.calls()).hasSize(1);
    }

    @Test
    void signatureIsHmacOfTimestampDotBody() {
        server = TestServer.start(Map.of());
        String token = channel(receiver.url(), "top-secret");
        ask(token, "sig-1", "hello");

        Call call = receiver.await(1, 10_000).getFirst();

        String expected = Signer.sign("top-secret", call.header("X-ChatApi-Timestamp"), call.body());
        assertThat(call.header("X-ChatApi-Signature")).isEqualTo(expected).startsWith("sha256=");
    }

    @Test
    void failedCallsAreRetriedWithTheSameDeliveryIdUntilTheWebhookAnswers2xx() {
        server = TestServer.start(Map.of());
        receiver.answer(new Answer(500, 0), new Answer(503, 0));
        String token = channel(receiver.url(), "");
        ask(token, "r-1", "hello");

        List<Call> calls = receiver.await(3, 20_000);

        assertThat(calls).extracting(c -> c.header("X-ChatApi-Attempt")).containsExactly("1", "2", "3");
        assertThat(calls).extracting(c -> c.header("X-ChatApi-Delivery-Id")).containsOnly(
                calls.getFirst().header("X-ChatApi-Delivery-Id"));
        assertThat(calls.get(1).receivedAt() - calls.get(0).receivedAt()).isGreaterThanOrEqualTo(700);
    }

    @Test
    void slowReceiverTimesOutAndIsRetried() {
        server = TestServer.start(Map.of("PARLEY_WEBHOOK_TIMEOUT", "500ms"));
        receiver.answer(new Answer(200, 2_000));
        String token = channel(receiver.url(), "");
        ask(token, "slow-1", "hello");

        List<Call> calls = receiver.await(2, 20_000);

        assertThat(calls).extracting(c -> c.header("X-ChatApi-Attempt")).contains("2");
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsDeadLetteredNotSentAndCanBeRedelivered() {
        server = TestServer.start(Map.of("PARLEY_WEBHOOK_MAX_ATTEMPTS", "2"));
        receiver.answer(new Answer(500, 0), new Answer(500, 0));
        String token = channel(receiver.url(), "");
        long channelId = channelId(token);
        String questionId = ask(token, "d-1", "hello");
        receiver.await(2, 20_000);

        JsonNode dead = awaitDeadLetter(channelId);
        assertThat(dead.get("clientId").asText()).isEqualTo("d-1");
        assertThat(dead.get("questionIds").get(0).asText()).isEqualTo(questionId);
        assertThat(dead.get("attempts").asInt()).isEqualTo(2);
        assertThat(dead.get("lastError").asText()).contains("500");
        String status = "/chatapi/" + token + "/client/d-1/message/" + questionId + "/status";
        assertThat(server.http().get(status).json().get("status").asText()).isEqualTo("NOT_SENT");
        assertThat(server.http().get("/chatapi/" + token + "/client/d-1/message-not-read-count").json().get("count")
                .asInt()).as("a message that was never sent is not waiting to be read").isZero();

        Http.Response redeliver = server.http().admin("POST", "/api/v1/dead-letters/" + dead.get("id").asLong()
                + "/redeliver", null);
        assertThat(redeliver.status()).isEqualTo(202);
        assertThat(server.http().get(status).json().get("status").asText()).as("handed to the webhook again")
                .isEqualTo("SENT");
        Call third = receiver.await(3, 10_000).getLast();
        assertThat(third.json().get(0).get("questionId").asText()).isEqualTo(questionId);
        assertThat(server.adminJson("GET", "/api/v1/channels/" + channelId + "/dead-letters", null).get("items"))
                .isEmpty();
        assertThat(server.http().get("/chatapi/" + token + "/client/d-1/message-not-read-count").json().get("count")
                .asInt()).isEqualTo(1);
        assertThat(server.http().admin("POST", "/api/v1/dead-letters/" + dead.get("id").asLong() + "/redeliver",
                null).status()).as("no longer a dead letter").isEqualTo(404);
        assertThat(server.http().admin("POST", "/api/v1/dead-letters/999999/redeliver", null).status())
                .isEqualTo(404);
    }

    @Test
    void deliveriesOfOneClientArriveInOrderEvenWhileSomeFail() throws Exception {
        server = TestServer.start(Map.of());
        receiver.answer(new Answer(500, 0));
        String token = channel(receiver.url(), "");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> asked = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            asked.add(pool.submit(() -> ask(token, "o-1", "hello")));
            asked.getLast().get();
        }
        pool.shutdown();
        List<String> sent = new ArrayList<>();
        for (Future<String> f : asked) {
            sent.add(f.get());
        }

        List<Call> calls = receiver.await(21, 30_000);

        List<String> delivered = calls.stream().filter(c -> !c.header("X-ChatApi-Attempt").equals("1")
                || !c.equals(calls.getFirst())).map(c -> c.json().get(0).get("questionId").asText()).toList();
        assertThat(delivered).containsExactlyElementsOf(sent);
    }

    @Test
    void aDeadEndpointOfOneChannelDoesNotDelayAnotherChannel() {
        server = TestServer.start(Map.of("PARLEY_WEBHOOK_TIMEOUT", "5s"));
        try (RecordingWebhookReceiver stuck = new RecordingWebhookReceiver()) {
            for (int i = 0; i < 50; i++) {
                stuck.answer(new Answer(200, 4_000));
            }
            String slowToken = channel(stuck.url(), "");
            String fastToken = channel(receiver.url(), "");
            for (int i = 0; i < 50; i++) {
                ask(slowToken, "stuck-" + i, "hello");
            }
            long asked = System.currentTimeMillis();
            ask(fastToken, "fast-1", "hello");

            Call call = receiver.await(1, 10_000).getFirst();

            assertThat(call.receivedAt() - asked).isLessThan(2_000);
        }
    }

    private long channelId(String token) {
        for (JsonNode channel : server.adminJson("GET", "/api/v1/channels", null).get("items")) {
            if (channel.get("token").asText().equals(token)) {
                return channel.get("id").asLong();
            }
        }
        throw new AssertionError("no channel " + token);
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
        }
    }
}
