package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients parse the zone-less UTC {@code timestamp} as local time and ask with a {@code ts} hours ahead of the
 * server's clock: such a {@code ts} reads as "now", so they still get every message pushed after they asked.
 */
class FutureTsHttpTest {

    private static final DateTimeFormatter ZONELESS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static TestServer server;
    private static String path;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        path = "/chatapi/" + server.channel(Scenarios.SHOP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The server's time three hours ahead, as a client in UTC+3 reads our timestamps. */
    private static String threeHoursAhead() {
        return LocalDateTime.now(ZoneOffset.UTC).plusHours(3).format(ZONELESS);
    }

    @Test
    void aLongPollWithATsHoursAheadGetsTheNextPushedMessageAndNothingOlder() throws Exception {
        server.http().post(path + "/async", Map.of("clientId", "tz-1", "query", "hello"));
        assertThat(server.http().get(path + "/events?clientId=tz-1&timeout=10").json().get("events")).hasSize(1);
        String ahead = threeHoursAhead();

        JsonNode nothingYet = server.http().get(path + "/events?clientId=tz-1&all=true&timeout=0&ts=" + ahead).json();
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> server.http()
                .get(path + "/events?clientId=tz-1&timeout=20&ts=" + ahead).json());
        awaitWaitingPolls(1);
        server.http().post(path + "/async", Map.of("clientId", "tz-1", "query", "bye"));

        assertThat(nothingYet.get("events")).isEmpty();
        JsonNode page = poll.get(20, TimeUnit.SECONDS);
        assertThat(page.get("events")).hasSize(1);
        assertThat(page.at("/events/0/event/data/answer").asText()).isEqualTo("Bye!");
    }

    @Test
    void anEpochTsAheadOfTheClockAlsoReadsAsNow() throws Exception {
        long ahead = System.currentTimeMillis() + Duration.ofHours(5).toMillis();
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> server.http()
                .get(path + "/events?clientId=tz-2&timeout=20&ts=" + ahead).json());
        awaitWaitingPolls(1);
        server.http().post(path + "/async", Map.of("clientId", "tz-2", "query", "hello"));

        assertThat(poll.get(20, TimeUnit.SECONDS).at("/events/0/event/data/answer").asText())
                .isEqualTo("Hello, friend!");
    }

    @Test
    void aStreamAskedWithATsOrLastEventIdAheadGetsThePushedMessage() throws Exception {
        server.http().post(path, Map.of("clientId", "tz-3", "query", "hello"));
        Iterator<String> byTs = open("clientId=tz-3&ts=" + threeHoursAhead(), Map.of());
        Iterator<String> byId = open("clientId=tz-3", Map.of("Last-Event-ID",
                String.valueOf(System.currentTimeMillis() + Duration.ofHours(2).toMillis())));

        server.http().post(path + "/async", Map.of("clientId", "tz-3", "query", "bye"));

        for (Iterator<String> stream : List.of(byTs, byId)) {
            List<String> seen = firstEvent(stream);
            assertThat(seen).contains("event:botResponse");
            assertThat(seen).anySatisfy(line -> assertThat(line).startsWith("data:").contains("Bye!"));
        }
    }

    private Iterator<String> open(String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path
                + "/events/stream?" + query));
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().iterator();
    }

    /** The lines of the first event on the stream, up to its {@code data:} line. */
    private static List<String> firstEvent(Iterator<String> lines) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            while (lines.hasNext()) {
                String line = lines.next();
                seen.add(line);
                if (line.startsWith("data:")) {
                    return seen;
                }
            }
            return seen;
        }).get(20, TimeUnit.SECONDS);
    }

    /** Waits until {@code count} long polls wait on the server, so that what the test sends next comes after them. */
    private static void awaitWaitingPolls(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Http.Response metrics = server.http().get("/metrics");
            if (metrics.text().lines().anyMatch(line -> line.equals("parley_waiting_polls " + count))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " waiting long poll(s) within 10 s");
    }
}
