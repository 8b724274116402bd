package dev.parley.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.TestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BotTimerHttpTest {

    private static final String SCENARIO = """
            name: timers
            states:
              /Wait:
                - intent: {patterns: ["wait"]}
                - text: "Waiting"
                - timeout: {after: 1s, goto: /StillThere}
              /LongWait:
                - intent: {patterns: ["long wait"]}
                - text: "Waiting long"
                - timeout: {after: 2s, goto: /StillThere}
              /StillThere:
                - text: "Still there?"
              /CatchAll:
                - text: "?"
            """;

    private final RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private String channel() {
        return server.channel(Json.object().put("name", "t").put("scenario", SCENARIO)
                .put("webhookUrl", receiver.url()));
    }

    private JsonNode say(String token, String clientId, String query) {
        return server.http().post("/chatapi/" + token, Map.of("clientId", clientId, "query", query)).json();
    }

    private List<String> unsolicitedAnswers(String token, String clientId, int waitSeconds) {
        JsonNode page = server.http().get("/chatapi/" + token + "/events?clientId=" + clientId + "&ts=0&timeout="
                + waitSeconds).json();
        List<String> answers = new ArrayList<>();
        page.get("events").forEach(e -> answers.add(e.at("/event/data/answer").asText()));
        return answers;
    }

    @Test
    void dueTimerRunsItsStateAsAnUnsolicitedReplyToEventsAndWebhook() {
        server = TestServer.start(Map.of());
        String token = channel();
        JsonNode waiting = say(token, "t-1", "wait");
        assertThat(waiting.at("/data/replies/1/type").asText()).isEqualTo("timeout");
        assertThat(waiting.at("/data/replies/1/interval").asInt()).isEqualTo(1);

        assertThat(unsolicitedAnswers(token, "t-1", 10)).containsExactly("Still there?");
        JsonNode pushed = receiver.await(1, 10_000).getFirst().json().get(0);
        assertThat(pushed.at("/data/answer").asText()).isEqualTo("Still there?");
        assertThat(pushed.get("questionId").asText()).isNotEqualTo(waiting.get("questionId").asText());
        assertThat(pushed.at("/data/nlpClass").asText()).isEqualTo("/StillThere");
    }

    @Test
    void aTimerFiresWhenDueAndNotAtTheWorkersNextSafetyLook() {
        server = TestServer.start(Map.of());
        String token = channel();
        say(token, "t-6", "hello"); // the worker has looked and found no timer: it sleeps until nudged

        say(token, "t-6", "wait");

        assertThat(unsolicitedAnswers(token, "t-6", 4)).as("fired about 1 s after the turn that set it")
                .containsExactly("Still there?");
    }

    @Test
    void clientsNextRequestCancelsThePendingTimer() throws InterruptedException {
        server = TestServer.start(Map.of());
        String token = channel();
        say(token, "t-2", "wait");
        say(token, "t-2", "hello");

        Thread.sleep(2_000);

        assertThat(unsolicitedAnswers(token, "t-2", 0)).isEmpty();
        assertThat(receiver.calls()).isEmpty();
    }

    @Test
    void aCampaignMessageDoesNotCancelThePendingTimerOnlyTheClientsOwnRequestDoes() {
        server = TestServer.start(Map.of());
        String token = channel();
        say(token, "t-5", "long wait");
        long channelId = server.adminJson("GET", "/api/v1/channels", null).at("/items/0/id").asLong();
        server.http().admin("POST", "/api/v1/channels/" + channelId + "/campaigns",
                Map.of("clientIds", List.of("t-5"), "text", "Sale!"));

        assertThat(unsolicitedAnswers(token, "t-5", 10)).contains("Sale!");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!unsolicitedAnswers(token, "t-5", 1).contains("Still there?")) {
            assertThat(System.currentTimeMillis()).as("the timer still fired").isLessThan(deadline);
        }
    }

    @Test
    void newerTimerReplacesTheOlderOne() throws InterruptedException {
        server = TestServer.start(Map.of());
        String token = channel();
        say(token, "t-3", "wait");
        say(token, "t-3", "wait");

        assertThat(unsolicitedAnswers(token, "t-3", 10)).containsExactly("Still there?");
        Thread.sleep(1_500);
        assertThat(unsolicitedAnswers(token, "t-3", 0)).hasSize(1);
    }

    @Test
    void timerDueWhileTheServerWasDownFiresAfterStart() throws InterruptedException {
        Config config = TestServer.config(TestServer.tempDir());
        server = TestServer.start(config, Clock.systemUTC());
        String token = channel();
        say(token, "t-4", "long wait");
        server.stopKeepingData();
        Thread.sleep(2_500);

        server = TestServer.start(config, Clock.systemUTC());

        assertThat(unsolicitedAnswers(token, "t-4", 10)).containsExactly("Still there?");
    }
}
