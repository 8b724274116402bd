package dev.parley.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.RawHttp;
import dev.parley.testing.EventStreams;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The listener of waiting requests ({@code PARLEY_STREAMS_PORT}) answers as the main port does, without a thread. */
class StreamsPortHttpTest {

    private static TestServer server;
    private static String path;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_STREAMS_PORT", "0", "PARLEY_HTTP_HEADER_TIMEOUT", "2s"));
        path = "/chatapi/" + server.channel(Scenarios.SHOP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> get(int port, String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> types(String body) {
        List<String> types = new ArrayList<>();
        Json.readTrusted(body).get("events").forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    void aLongPollWaitsUntilAReplyWakesIt() throws Exception {
        long before = waiting();
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return get(server.streamsPort(), path + "/events?clientId=wake-1&timeout=20", Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitWaiting(before + 1);
        assertThat(poll).isNotDone();

        server.http().post(path + "/async", Map.of("clientId", "wake-1", "query", "hello"));

        HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(types(answer.body())).contains("botResponse");
    }

    @Test
    void aLongPollWithNothingNewAnswersAnEmptyPageWhenItsTimeoutPasses() throws Exception {
        HttpResponse<String> answer = get(server.streamsPort(), path + "/events?clientId=quiet-1&timeout=1", Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Json.readTrusted(answer.body()).get("events")).isEmpty();
        assertThat(Json.readTrusted(answer.body()).get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void bothPortsAnswerAPollWithTheSamePage() throws Exception {
        server.http().post(path, Map.of("clientId", "same-1", "query", "hello"));
        server.http().post(path, Map.of("clientId", "same-1", "query", "again"));
        String query = path + "/events?clientId=same-1&all=true&ts=0&timeout=0";

        String main = get(server.port(), query, Map.of()).body();
        String streams = get(server.streamsPort(), query, Map.of()).body();

        assertThat(types(main)).hasSize(4);
        assertThat(Json.readTrusted(streams)).isEqualTo(Json.readTrusted(main));
    }

    @Test
    void bothPortsDecodeTheQueryTheSameWay() throws Exception {
        server.http().post(path, Map.of("clientId", "plus+1", "query", "hello"));
        server.http().post(path, Map.of("clientId", "plus 1", "query", "hello"));
        server.http().post(path, Map.of("clientId", "slash/1", "query", "hello"));
        for (String clientId : List.of("plus+1", "plus%2B1", "plus%201", "slash%2F1")) {
            String query = path + "/events?clientId=" + clientId + "&all=true&ts=0&timeout=0";

            String main = get(server.port(), query, Map.of()).body();
            String streams = get(server.streamsPort(), query, Map.of()).body();

            assertThat(types(main)).as(clientId).hasSize(2);
            assertThat(Json.readTrusted(streams)).as(clientId).isEqualTo(Json.readTrusted(main));
        }
    }

    @Test
    void pollsWithoutTsMoveTheClientsCursorAsOnTheMainPort() throws Exception {
        server.http().post(path, Map.of("clientId", "cursor-1", "query", "hello", "cid", "tab"));
        String query = path + "/events?clientId=cursor-1&all=true&cid=tab&timeout=0";

        assertThat(types(get(server.streamsPort(), query, Map.of()).body())).hasSize(2);
        assertThat(types(get(server.port(), query, Map.of()).body())).isEmpty();
        server.http().post(path, Map.of("clientId", "cursor-1", "query", "more", "cid", "tab"));
        assertThat(types(get(server.port(), query, Map.of()).body())).hasSize(2);
        assertThat(types(get(server.streamsPort(), query, Map.of()).body())).isEmpty();
    }

    @Test
    void badRequestsGetTheMainPortsErrorsNamingTheProblem() throws Exception {
        List<String> queries = List.of(path + "/events?clientId=bad-1&timeout=61",
                path + "/events?clientId=bad-1&ts=yesterday", path + "/events", "/chatapi/no-such-token/events?clientId=x",
                path + "/events?clientId=bad-1&all=maybe", path + "/events?clientId=nul%00id",
                path + "/events?clientId=bad-1&cid=a%00b");
        for (String query : queries) {
            HttpResponse<String> main = get(server.port(), query, Map.of());
            HttpResponse<String> streams = get(server.streamsPort(), query, Map.of());

            assertThat(streams.statusCode()).as(query).isEqualTo(main.statusCode()).isBetween(400, 499);
            JsonNode mainError = Json.readTrusted(main.body());
            JsonNode streamsError = Json.readTrusted(streams.body());
            assertThat(streamsError.get("error")).as(query).isEqualTo(mainError.get("error"));
            assertThat(streamsError.get("message")).as(query).isEqualTo(mainError.get("message"));
            assertThat(streamsError.get("path").asText()).isEqualTo(query.split("\\?")[0]);
        }
        HttpResponse<String> badId = get(server.streamsPort(), path + "/events/stream?clientId=bad-1",
                Map.of("Last-Event-ID", "abc"));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("Last-Event-ID");
    }

    @Test
    void otherPathsAndMethodsAreRefusedInTheErrorShape() throws Exception {
        HttpResponse<String> other = get(server.streamsPort(), path + "/client/x/history", Map.of());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(Json.readTrusted(other.body()).get("error").asText()).isEqualTo("http.not_found");

        RawHttp.Response post = RawHttp.exchange(server.streamsPort(), "POST " + path + "/events HTTP/1.1\r\n"
                + "Host: x\r\nContent-Length: 0\r\n\r\n");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("message").asText()).contains("POST");

        RawHttp.Response withBody = RawHttp.exchange(server.streamsPort(), "GET " + path + "/events?clientId=x HTTP/1.1\r\n"
                + "Content-Length: 3\r\n\r\nGET");
        assertThat(withBody.status()).isEqualTo(400);
        assertThat(withBody.headers().get("connection")).as("its body would read as the next request").isEqualTo("close");

        RawHttp.Response malformed = RawHttp.exchange(server.streamsPort(), "GET " + path + "/events\r\n\r\n");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).contains("request line");
        assertThat(malformed.headers().get("connection")).isEqualTo("close");
    }

    @Test
    void aHeadTooLargeOrTooSlowIsRefusedAndAnIdleConnectionClosed() throws Exception {
        RawHttp.Response large = RawHttp.exchange(server.streamsPort(), "GET " + path + "/events?clientId=x HTTP/1.1\r\n"
                + "X-Padding: " + "p".repeat(9000) + "\r\n\r\n");
        assertThat(large.status()).isEqualTo(431);

        try (Socket socket = new Socket("127.0.0.1", server.streamsPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response slow = RawHttp.read(socket.getInputStream()).orElseThrow();
            assertThat(slow.status()).isEqualTo(408);
            assertThat(socket.getInputStream().read()).as("closed after the answer").isEqualTo(-1);
        }
        try (Socket idle = new Socket("127.0.0.1", server.streamsPort())) {
            idle.setSoTimeout(10_000);
            assertThat(RawHttp.read(idle.getInputStream())).as("an idle connection is closed without an answer")
                    .isEmpty();
        }
    }

    @Test
    void oneConnectionServesRequestsOneAfterAnotherEvenWhenSentAtOnce() throws Exception {
        server.http().post(path, Map.of("clientId", "keep-1", "query", "hello"));
        String request = "GET " + path + "/events?clientId=keep-1&all=true&ts=0&timeout=0 HTTP/1.1\r\nHost: x\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.streamsPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((request + request).getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();

            RawHttp.Response first = RawHttp.read(in).orElseThrow();
            RawHttp.Response second = RawHttp.read(in).orElseThrow();

            assertThat(first.status()).isEqualTo(200);
            assertThat(types(first.body())).hasSize(2);
            assertThat(second.body()).isEqualTo(first.body());
            assertThat(first.headers().get("connection")).isEqualTo("keep-alive");
        }
    }

    @Test
    void aStreamDeliversEventsAndResumesAfterLastEventId() throws Exception {
        Iterator<String> lines = open("clientId=sse-1&all=true", Map.of());
        server.http().post(path, Map.of("clientId", "sse-1", "query", "hello"));
        server.http().post(path, Map.of("clientId", "sse-1", "query", "again"));

        List<String> first = read(lines, 4);
        assertThat(first).contains("event:botResponse");
        String secondId = first.stream().filter(l -> l.startsWith("id:")).skip(1).findFirst().orElseThrow();

        List<String> rest = read(open("clientId=sse-1&all=true", Map.of("Last-Event-ID", secondId.substring(3))), 2);
        assertThat(rest.stream().filter(l -> l.startsWith("id:")).toList())
                .containsExactlyElementsOf(first.stream().filter(l -> l.startsWith("id:")).skip(2).toList());
    }

    @Test
    void aClosedConnectionEndsItsWait() throws Exception {
        long before = waiting();
        try (Socket poll = new Socket("127.0.0.1", server.streamsPort());
                Socket stream = new Socket("127.0.0.1", server.streamsPort())) {
            poll.getOutputStream().write(("GET " + path + "/events?clientId=gone-1&timeout=60 HTTP/1.1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            stream.getOutputStream().write(("GET " + path + "/events/stream?clientId=gone-2 HTTP/1.1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            awaitWaiting(before + 2);
        }
        awaitWaiting(before);
    }

    @Test
    void browsersOnAnyOriginMayCallIt() throws Exception {
        HttpResponse<String> answer = get(server.streamsPort(), path + "/events?clientId=cors-1&timeout=0",
                Map.of("Origin", "https://shop.example"));
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");
        HttpResponse<String> refused = get(server.streamsPort(), path + "/events?clientId=cors-1&timeout=99",
                Map.of("Origin", "https://shop.example"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");

        RawHttp.Response preflight = RawHttp.exchange(server.streamsPort(), "OPTIONS " + path + "/events HTTP/1.1\r\n"
                + "Origin: https://shop.example\r\nAccess-Control-Request-Method: GET\r\n"
                + "Access-Control-Request-Headers: X-Client-Signature\r\n\r\n");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers().get("access-control-allow-headers")).isEqualTo("X-Client-Signature");
    }

    private Iterator<String> open(String query, Map<String, String> headers) throws Exception {
        return EventStreams.open(client, server.streamsPort(), path + "/events/stream?" + query, headers);
    }

    private static List<String> read(Iterator<String> lines, int count) throws Exception {
        return EventStreams.idsAndNames(lines, count);
    }

    private static long waiting() {
        String metrics = server.http().get("/metrics").text();
        return metrics.lines().filter(l -> l.startsWith("parley_waiting_polls ")).map(l -> l.split(" ")[1])
                .mapToLong(v -> (long) Double.parseDouble(v)).findFirst().orElseThrow();
    }

    private static void awaitWaiting(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (waiting() != expected) {
            assertThat(System.nanoTime()).as("waiting polls reach " + expected + ", now " + waiting())
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

}
