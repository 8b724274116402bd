package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Turns of one client run one at a time in arrival order, whether they came sync or async. */
class OrderingHttpTest {

    /** Counts the turns of the session: each reply says which number the bot saw. */
    private static final String COUNTER = """
            name: counter
            states:
              /Count:
                - intent: {patterns: ["re:n \\\\d+"]}
                - set: {count: "{{count | default: '0'}}1"}
                - text: "{{query}} after {{count}}"
              /CatchAll:
                - text: "?"
            """;

    private static TestServer server;
    private static String path;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        path = "/chatapi/" + server.channel(COUNTER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsOfOneClientSentOneAfterAnotherAreAnsweredInArrivalOrderAcrossSyncAndAsync() throws Exception {
        for (int i = 0; i < 30; i++) {
            String body = "n " + i;
            if (i % 3 == 0) {
                assertThat(server.http().post(path, Map.of("clientId", "o-1", "query", body)).status()).isEqualTo(200);
            } else {
                assertThat(server.http().post(path + "/async", Map.of("clientId", "o-1", "query", body)).status())
                        .isEqualTo(200);
            }
        }
        JsonNode history = awaitHistory("o-1", 60);
        List<String> order = new ArrayList<>();
        for (JsonNode message : history.get("messages")) {
            if (message.get("author").asText().equals("BOT")) {
                order.add(message.get("textMessage").asText().split(" after ")[0]);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("n " + i);
        }
        assertThat(order).containsExactlyElementsOf(expected);
        String last = history.get("messages").get(59).get("textMessage").asText();
        assertThat(last).endsWith("1".repeat(30)).as("every turn saw the session of the turn before it");
    }

    @Test
    void concurrentRequestsOfOneClientNeverInterleave() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String body = "n " + i;
            String target = i % 2 == 0 ? path : path + "/async";
            answers.add(pool.submit(() -> server.http().post(target, Map.of("clientId", "o-2", "query", body))));
        }
        for (Future<Http.Response> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(200);
        }
        pool.shutdown();
        JsonNode history = awaitHistory("o-2", 128);
        List<Integer> counts = new ArrayList<>();
        for (JsonNode message : history.get("messages")) {
            if (message.get("author").asText().equals("BOT")) {
                counts.add((int) message.get("textMessage").asText().split(" after ")[1].chars()
                        .filter(c -> c == '1').count());
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 64; i++) {
            expected.add(i);
        }
        assertThat(counts).as("each turn saw exactly the turns before it").containsExactlyElementsOf(expected);
    }

    private static JsonNode awaitHistory(String clientId, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode history = null;
        while (System.currentTimeMillis() < deadline) {
            history = server.http().get(path + "/client/" + clientId + "/history?limit=1000").json();
            if (history.get("messages").size() >= count && allAnswered(history)) {
                return history;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("history incomplete: " + history);
    }

    private static boolean allAnswered(JsonNode history) {
        int clients = 0;
        int bots = 0;
        for (JsonNode message : history.get("messages")) {
            if (message.get("author").asText().equals("BOT")) {
                bots++;
            } else {
                clients++;
            }
        }
        return clients == bots;
    }
}
