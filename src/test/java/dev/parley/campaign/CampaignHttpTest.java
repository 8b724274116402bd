package dev.parley.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CampaignHttpTest {

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;
    private long channelId;
    private String token;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private void startWith(Config config) {
        server = TestServer.start(config, Clock.systemUTC());
        token = server.channel(Json.object().put("name", "c").put("scenario", Scenarios.SHOP)
                .put("webhookUrl", receiver.url()));
        for (JsonNode c : server.adminJson("GET", "/api/v1/channels", null).get("items")) {
            channelId = c.get("id").asLong();
        }
    }

    private Http.Response start(Map<String, Object> body) {
        return server.http().admin("POST", "/api/v1/channels/" + channelId + "/campaigns", body);
    }

    private static List<String> clients(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    private JsonNode awaitStatus(long id, String status, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        JsonNode campaign = null;
        while (System.currentTimeMillis() < deadline) {
            campaign = server.adminJson("GET", "/api/v1/campaigns/" + id, null);
            if (campaign.get("status").asText().equals(status)) {
                return campaign;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("campaign never became " + status + ": " + campaign);
    }

    private List<String> botMessages(String clientId) {
        List<String> texts = new ArrayList<>();
        server.http().get("/chatapi/" + token + "/client/" + clientId + "/history").json().get("messages")
                .forEach(m -> texts.add(m.get("textMessage").asText()));
        return texts;
    }

    @Test
    void textCampaignReachesEveryRecipientOnceThroughEventsHistoryAndWebhook() throws Exception {
        startWith(TestServer.config(TestServer.tempDir()));
        Http.Response created = start(Map.of("clientIds", clients("t-", 5), "text", "Sale today!",
                "ratePerSecond", 100));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("total").asInt()).isEqualTo(5);
        assertThat(created.json().get("status").asText()).isEqualTo("RUNNING");

        JsonNode done = awaitStatus(created.json().get("id").asLong(), "DONE", 10_000);

        assertThat(done.get("sent").asInt()).isEqualTo(5);
        assertThat(done.get("failed").asInt()).isZero();
        for (String clientId : clients("t-", 5)) {
            assertThat(botMessages(clientId)).containsExactly("Sale today!");
            JsonNode events = server.http().get("/chatapi/" + token + "/events?clientId=" + clientId
                    + "&timeout=0").json();
            assertThat(events.get("events").get(0).at("/event/data/answer").asText()).isEqualTo("Sale today!");
        }
        assertThat(receiver.await(5, 10_000)).hasSize(5);
        String questionId = receiver.calls().getFirst().json().get(0).get("questionId").asText();
        String clientId = receiver.calls().getFirst().json().get(0).get("clientId").asText();
        assertThat(server.http().get("/chatapi/" + token + "/client/" + clientId + "/message/" + questionId
                + "/status").json().get("status").asText()).isEqualTo("SENT");
    }

    @Test
    void eventCampaignRunsTheScenarioStateForEachRecipient() throws Exception {
        startWith(TestServer.config(TestServer.tempDir()));
        long id = start(Map.of("clientIds", clients("e-", 3), "event", "orderPaid")).json().get("id").asLong();
        awaitStatus(id, "DONE", 10_000);
        assertThat(botMessages("e-1")).containsExactly("Payment received, thank you!");
    }

    @Test
    void aBlankTextBesideAnEventCountsAsNoTextAndTheEventRuns() throws Exception {
        startWith(TestServer.config(TestServer.tempDir()));
        long id = start(Map.of("clientIds", List.of("b-1"), "text", "  ", "event", "orderPaid")).json().get("id")
                .asLong();
        awaitStatus(id, "DONE", 10_000);
        assertThat(botMessages("b-1")).containsExactly("Payment received, thank you!");
    }

    @Test
    void campaignIsThrottledToItsRate() throws Exception {
        startWith(TestServer.config(TestServer.tempDir()));
        long started = System.currentTimeMillis();
        long id = start(Map.of("clientIds", clients("r-", 12), "text", "hi", "ratePerSecond", 5)).json()
                .get("id").asLong();
        awaitStatus(id, "DONE", 20_000);
        assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(1_800);
    }

    @Test
    void cancelledCampaignStopsSending() throws Exception {
        startWith(TestServer.config(TestServer.tempDir()));
        long id = start(Map.of("clientIds", clients("x-", 200), "text", "hi", "ratePerSecond", 10)).json()
                .get("id").asLong();
        Thread.sleep(600);
        Http.Response cancelled = server.http().admin("POST", "/api/v1/campaigns/" + id + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        Thread.sleep(800);
        long sent = server.adminJson("GET", "/api/v1/campaigns/" + id, null).get("sent").asLong();
        Thread.sleep(800);
        assertThat(server.adminJson("GET", "/api/v1/campaigns/" + id, null).get("sent").asLong()).isEqualTo(sent)
                .isLessThan(200);
        assertThat(server.http().admin("POST", "/api/v1/campaigns/" + id + "/cancel", null).status())
                .isEqualTo(409);
    }

    @Test
    void restartInTheMiddleSkipsNobodyAndSendsNobodyTwice() throws Exception {
        Config config = TestServer.config(TestServer.tempDir());
        startWith(config);
        long id = start(Map.of("clientIds", clients("k-", 30), "text", "once", "ratePerSecond", 15)).json()
                .get("id").asLong();
        Thread.sleep(900);
        server.stopKeepingData();
        server = TestServer.start(config, Clock.systemUTC());

        JsonNode done = awaitStatus(id, "DONE", 20_000);

        assertThat(done.get("sent").asInt()).isEqualTo(30);
        List<Integer> perClient = new ArrayList<>();
        for (String clientId : clients("k-", 30)) {
            perClient.add(botMessages(clientId).size());
        }
        assertThat(perClient).containsOnly(1);
        assertThat(Collections.frequency(perClient, 1)).isEqualTo(30);
    }

    @Test
    void badCampaignsAreRefusedWithTheReason() {
        startWith(TestServer.config(TestServer.tempDir()));
        assertThat(start(Map.of("clientIds", List.of(), "text", "x")).json().get("message").asText())
                .contains("at least one");
        assertThat(start(Map.of("clientIds", List.of("a"), "text", "x", "event", "y")).json().get("message")
                .asText()).contains("exactly one");
        assertThat(start(Map.of("clientIds", List.of("a"))).status()).isEqualTo(400);
        assertThat(start(Map.of("clientIds", List.of("a"), "text", "x", "ratePerSecond", 0)).status())
                .isEqualTo(400);
        assertThat(start(Map.of("clientIds", List.of(" "), "text", "x")).json().get("message").asText())
                .contains("clientIds[0]");
        assertThat(start(Map.of("clientIds", List.of("a", "b", "a"), "text", "x")).json().get("message").asText())
                .contains("clientIds[2]").contains("listed twice");
        assertThat(start(Map.of("clientIds", clients("z", 100_001), "text", "x")).json().get("message").asText())
                .contains("100000");
        assertThat(server.http().admin("POST", "/api/v1/channels/9999/campaigns",
                Map.of("clientIds", List.of("a"), "text", "x")).status()).isEqualTo(404);
        assertThat(server.http().admin("GET", "/api/v1/campaigns/9999", null).status()).isEqualTo(404);
    }
}
