package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.RecordingWebhookReceiver.Answer;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/channels/{id}/dead-letters/redeliver}: every dead letter of one channel back in line. */
class RedeliverAllHttpTest {

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("PARLEY_WEBHOOK_MAX_ATTEMPTS", "1"));
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    private String channel(String name) {
        return server.channel(Json.object().put("name", name).put("scenario", Scenarios.SHOP)
                .put("webhookUrl", receiver.url()));
    }

    private long channelId(String name) {
        for (JsonNode c : server.adminJson("GET", "/api/v1/channels", null).get("items")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("id").asLong();
            }
        }
        throw new AssertionError("no channel " + name);
    }

    private String ask(String token, String clientId) {
        Http.Response r = server.http().post("/chatapi/" + token + "/async", Map.of("clientId", clientId,
                "query", "hello"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("questionId").asText();
    }

    private JsonNode deadLetters(long channelId, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode items = Json.mapper().createArrayNode();
        while (System.currentTimeMillis() < deadline) {
            items = server.adminJson("GET", "/api/v1/channels/" + channelId + "/dead-letters", null).get("items");
            if (items.size() >= count) {
                return items;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + count + " dead letters, got " + items);
    }

    private String status(String token, String clientId, String questionId) {
        return server.http().get("/chatapi/" + token + "/client/" + clientId + "/message/" + questionId + "/status")
                .json().get("status").asText();
    }

    @Test
    void everyDeadLetterOfTheChannelIsSentAgainAndOtherChannelsKeepTheirs() throws Exception {
        receiver.answer(new Answer(500, 0), new Answer(500, 0), new Answer(500, 0));
        String shop = channel("shop");
        String other = channel("other");
        String first = ask(shop, "s-1");
        String second = ask(shop, "s-2");
        ask(other, "o-1");
        deadLetters(channelId("shop"), 2);
        deadLetters(channelId("other"), 1);
        assertThat(status(shop, "s-1", first)).isEqualTo("NOT_SENT");

        Http.Response all = server.http().admin("POST", "/api/v1/channels/" + channelId("shop")
                + "/dead-letters/redeliver", null);

        assertThat(all.status()).as(all.text()).isEqualTo(202);
        assertThat(all.json().get("redelivered").asInt()).isEqualTo(2);
        assertThat(status(shop, "s-1", first)).as("handed to the webhook again").isEqualTo("SENT");
        assertThat(status(shop, "s-2", second)).isEqualTo("SENT");
        List<RecordingWebhookReceiver.Call> again = receiver.await(5, 10_000);
        Set<String> redelivered = new HashSet<>();
        again.subList(3, 5).forEach(c -> redelivered.add(c.json().get(0).get("questionId").asText()));
        assertThat(redelivered).containsExactlyInAnyOrder(first, second);
        assertThat(server.adminJson("GET", "/api/v1/channels/" + channelId("shop") + "/dead-letters", null)
                .get("items")).isEmpty();
        assertThat(server.adminJson("GET", "/api/v1/channels/" + channelId("other") + "/dead-letters", null)
                .get("items")).as("another channel's dead letter stays").hasSize(1);
    }

    @Test
    void withNoDeadLettersNothingIsRedelivered() {
        channel("shop");

        Http.Response all = server.http().admin("POST", "/api/v1/channels/" + channelId("shop")
                + "/dead-letters/redeliver", null);

        assertThat(all.status()).isEqualTo(202);
        assertThat(all.json().get("redelivered").asInt()).isZero();
    }

    @Test
    void anUnknownChannelIsA404AndOnlyAdminsMayRedeliver() {
        channel("shop");
        String path = "/api/v1/channels/" + channelId("shop") + "/dead-letters/redeliver";
        Http.Response unknown = server.http().admin("POST", "/api/v1/channels/999999/dead-letters/redeliver", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("admin.channel.not_found");

        assertThat(server.http().post(path, null).status()).as("no credentials").isEqualTo(401);
        server.http().admin("POST", "/api/v1/accounts",
                Map.of("login", "anna", "password", "correct horse", "name", "Anna", "role", "agent"));
        String anna = server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
        assertThat(server.http().send("POST", path, null, Map.of("Authorization", "Bearer " + anna)).status())
                .as("an agent's session").isEqualTo(403);
    }
}
