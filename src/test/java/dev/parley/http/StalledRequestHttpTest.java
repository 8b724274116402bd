package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.RawHttp;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request that stops arriving is given up after the read timeout (1 s here) instead of holding its connection
 * forever, while long polls and event streams, which read nothing while they wait, outlast it.
 */
class StalledRequestHttpTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static TestServer server;
    private static String path;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_HTTP_READ_TIMEOUT", "1s"));
        path = "/chatapi/" + server.channel(Scenarios.SHOP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String post(String headers, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n" + headers + "\r\n" + body;
    }

    /** Sends {@code request}, then waits for one answer (empty if the server just closes) and the end of the stream. */
    private static Optional<RawHttp.Response> stall(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) BOUND.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            Optional<RawHttp.Response> answer = RawHttp.read(in);
            assertThat(in.read()).as("the connection is closed").isEqualTo(-1);
            return answer;
        }
    }

    private static void assertTimedOut(Optional<RawHttp.Response> answer) {
        assertThat(answer).isPresent();
        assertThat(answer.get().status()).isEqualTo(408);
        assertThat(answer.get().headers().get("connection")).isEqualTo("close");
        JsonNode body = answer.get().json();
        assertThat(body.get("status").asInt()).isEqualTo(408);
        assertThat(body.get("message").asText()).contains("request body was not received in full");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnswered408AndClosed() throws IOException {
        assertTimedOut(stall(post("Content-Length: 100\r\n", "{\"a\":1,")));
    }

    @Test
    void aChunkedBodyThatNeverEndsIsAnswered408AndClosed() throws IOException {
        assertTimedOut(stall(post("Transfer-Encoding: chunked\r\n", "5\r\n{\"a\":\r\n")));
    }

    @Test
    void headersThatNeverEndAreClosed() throws IOException {
        assertThat(stall("GET /health HTTP/1.1\r\nHost: a\r\nX-Probe: b")).isEmpty();
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeout() throws IOException {
        assertThat(stall("")).isEmpty();
    }

    @Test
    void aClientHangingUpMidBodyIsNoServerFault() throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
                // nothing buffered
            }

            @Override
            public void close() {
                // nothing held
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(recorder);
        try {
            for (String request : List.of(post("Content-Length: 100\r\n", "{\"a\":1,"),
                    post("Transfer-Encoding: chunked\r\n", "5\r\n{\"a\":\r\n"))) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    Thread.sleep(200);
                }
            }
            Thread.sleep(500);
        } finally {
            root.removeHandler(recorder);
        }
        assertThat(warnings).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void aLongPollOutlastsTheReadTimeout() {
        long start = System.nanoTime();
        Http.Response poll = server.http().get(path + "/events?clientId=lp-1&timeout=3");
        assertThat(poll.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(2500));
    }

    @Test
    void anEventStreamOutlastsTheReadTimeout() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path
                + "/events/stream?clientId=sse-1")).build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread.sleep(2500);
        server.http().post(path + "/async", Map.of("clientId", "sse-1", "query", "hello"));
        Iterator<String> lines = response.body().iterator();
        String event = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event:")) {
                    return line;
                }
            }
            return "the stream ended";
        }).get(10, TimeUnit.SECONDS);
        assertThat(event).isEqualTo("event:botResponse");
    }
}
