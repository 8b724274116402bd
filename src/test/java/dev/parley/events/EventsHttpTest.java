package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventsHttpTest {

    private static TestServer server;
    private static String path;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        path = "/chatapi/" + server.channel(Scenarios.SHOP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode events(String query) {
        Http.Response response = server.http().get(path + "/events?" + query);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.get("events").forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    void asyncAnswersAtOnceAndItsReplyArrivesAsAnUnsolicitedBotResponse() {
        Http.Response accepted = server.http().post(path + "/async", Map.of("clientId", "a-1", "query", "hello"));
        assertThat(accepted.status()).isEqualTo(200);
        String questionId = accepted.json().get("questionId").asText();
        assertThat(accepted.json().get("clientId").asText()).isEqualTo("a-1");

        JsonNode page = events("clientId=a-1&timeout=10");

        assertThat(types(page)).containsExactly("botResponse");
        JsonNode envelope = page.get("events").get(0).get("event");
        assertThat(envelope.get("questionId").asText()).isEqualTo(questionId);
        assertThat(envelope.at("/data/answer").asText()).isEqualTo("Hello, friend!");
        assertThat(page.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void syncRepliesAreLeftOutByDefaultButShownWithAll() {
        server.http().post(path, Map.of("clientId", "s-1", "query", "hello"));

        assertThat(types(events("clientId=s-1&timeout=0&ts=0"))).isEmpty();
        JsonNode all = events("clientId=s-1&all=true&timeout=0&ts=0");
        assertThat(types(all)).containsExactly("request", "botResponse");
        JsonNode request = all.get("events").get(0).get("event");
        assertThat(request.get("query").asText()).isEqualTo("hello");
        assertThat(request.get("clientId").asText()).isEqualTo("s-1");
    }

    @Test
    void withoutTsTheServerKeepsAReadCursorPerConnection() {
        server.http().post(path, Map.of("clientId", "c-1", "query", "hello", "cid", "tab-1"));
        assertThat(types(events("clientId=c-1&all=true&cid=tab-1&timeout=0"))).hasSize(2);
        assertThat(types(events("clientId=c-1&all=true&cid=tab-1&timeout=0"))).isEmpty();

        server.http().post(path, Map.of("clientId", "c-1", "query", "bye", "cid", "tab-1"));
        assertThat(types(events("clientId=c-1&all=true&cid=tab-1&timeout=0"))).hasSize(2);
        assertThat(types(events("clientId=c-1&all=true&cid=tab-2&timeout=0")))
                .as("another connection has its own cursor and does not see tab-1's events").isEmpty();
    }

    @Test
    void cidFilterKeepsThisConnectionsEventsAndUntaggedOnes() {
        server.http().post(path, Map.of("clientId", "f-1", "query", "hello", "cid", "one"));
        server.http().post(path, Map.of("clientId", "f-1", "query", "hello", "cid", "two"));
        server.http().post(path, Map.of("clientId", "f-1", "query", "hello"));

        assertThat(types(events("clientId=f-1&all=true&cid=one&ts=0&timeout=0"))).hasSize(4);
        assertThat(types(events("clientId=f-1&all=true&ts=0&timeout=0"))).hasSize(6);
    }

    @Test
    void tsPagingNeverSkipsOrRepeatsAndTimestampsStrictlyIncrease() {
        for (int i = 0; i < 140; i++) {
            server.http().post(path + "/async", Map.of("clientId", "p-1", "query", "hello " + i));
        }
        awaitEvents("p-1", 280);
        List<Long> seen = new ArrayList<>();
        long ts = 0;
        boolean more = true;
        while (more) {
            JsonNode page = events("clientId=p-1&all=true&timeout=0&ts=" + ts);
            for (JsonNode item : page.get("events")) {
                long t = epoch(item.get("event").get("timestamp").asText());
                seen.add(t);
                ts = t;
            }
            more = page.get("hasMore").asBoolean();
            assertThat(page.get("events").size()).isLessThanOrEqualTo(250);
        }
        assertThat(seen).hasSize(280).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void longPollWaitsAndWakesWhenAnEventArrives() throws Exception {
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> events("clientId=w-1&timeout=20"));
        Thread.sleep(300);
        assertThat(poll).isNotDone();

        server.http().post(path + "/async", Map.of("clientId", "w-1", "query", "hello"));

        JsonNode page = poll.get(10, TimeUnit.SECONDS);
        assertThat(types(page)).containsExactly("botResponse");
    }

    @Test
    void severalPollsOfOneClientAreAllWoken() throws Exception {
        List<CompletableFuture<JsonNode>> polls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String cid = "dev-" + i;
            polls.add(CompletableFuture.supplyAsync(() -> events("clientId=m-1&timeout=20&cid=" + cid)));
        }
        Thread.sleep(300);
        server.http().post(path + "/async", Map.of("clientId", "m-1", "query", "hello"));
        for (CompletableFuture<JsonNode> poll : polls) {
            assertThat(types(poll.get(10, TimeUnit.SECONDS))).containsExactly("botResponse");
        }
    }

    @Test
    void emptyLongPollReturnsAfterItsTimeout() {
        long started = System.nanoTime();
        JsonNode page = events("clientId=quiet&timeout=1");
        assertThat(page.get("events")).isEmpty();
        assertThat(page.get("hasMore").asBoolean()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(900);
    }

    private static void awaitEvents(String clientId, int count) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            int n = server.http().get(path + "/client/" + clientId + "/history?limit=1").json()
                    .get("totalCount").asInt();
            if (n >= count) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("events did not arrive");
    }

    private static long epoch(String chatTimestamp) {
        return dev.parley.json.Times.parse(chatTimestamp).orElseThrow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
