package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.RawHttp;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client has {@code PARLEY_HTTP_HEADER_TIMEOUT} (300 ms here) in all for a request's line and headers, however
 * steadily it dribbles them in under the read timeout (3 s here); waiting between requests and waiting inside one (a
 * long poll) are not cut by it.
 */
class HeadDeadlineHttpTest {

    private static final long DRIBBLE_MILLIS = 50;
    private static final int DRIBBLE_LIMIT = 100;
    /** 2 s of dribbling: cut well before the read timeout, which is also the wait allowed between requests. */
    private static final int CUT_BEFORE = 40;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_HTTP_HEADER_TIMEOUT", "300ms", "PARLEY_HTTP_READ_TIMEOUT", "3s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientDribblingItsFirstRequestsHeadIsCutAtTheDeadline() throws Exception {
        long before = timeouts();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            assertThat(dribbleUntilClosed(socket, "GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: "))
                    .as("bytes sent before the server closed").isLessThan(CUT_BEFORE);
        }
        assertThat(timeouts()).isGreaterThan(before);
    }

    @Test
    void aLaterRequestOnAKeepAliveConnectionIsHeldToTheDeadlineToo() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            write(socket.getOutputStream(), "GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(RawHttp.read(socket.getInputStream()).orElseThrow().status()).isEqualTo(200);
            assertThat(dribbleUntilClosed(socket, "GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: "))
                    .as("bytes sent before the server closed").isLessThan(CUT_BEFORE);
        }
    }

    @Test
    void anIdleKeepAliveConnectionOutlastsTheHeadDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            write(socket.getOutputStream(), "GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(RawHttp.read(socket.getInputStream()).orElseThrow().status()).isEqualTo(200);
            Thread.sleep(1_000);
            write(socket.getOutputStream(), "GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(RawHttp.read(socket.getInputStream()).orElseThrow().status()).isEqualTo(200);
        }
    }

    @Test
    void aLongPollOutlastsTheHeadDeadline() {
        String token = server.channel(Scenarios.SHOP);
        Http.Response poll = server.http().get("/chatapi/" + token + "/events?clientId=lp&timeout=1");
        assertThat(poll.status()).isEqualTo(200);
    }

    /**
     * Sends {@code head}, then one more header byte every 50 ms (well inside the read timeout) until the server closes
     * the connection or 100 bytes went out; returns how many went out.
     */
    private static int dribbleUntilClosed(Socket socket, String head) throws Exception {
        OutputStream out = socket.getOutputStream();
        write(out, head);
        AtomicBoolean closed = new AtomicBoolean();
        Thread reader = Thread.ofVirtual().start(() -> closed.set(readsToEnd(socket)));
        int sent = 0;
        while (sent < DRIBBLE_LIMIT && !closed.get()) {
            try {
                out.write('a');
                out.flush();
            } catch (SocketException reset) {
                break;
            }
            sent++;
            Thread.sleep(DRIBBLE_MILLIS);
        }
        reader.join(5_000);
        assertThat(closed).as("the server closed the connection").isTrue();
        return sent;
    }

    /** Whether the server closed the connection without answering. */
    private static boolean readsToEnd(Socket socket) {
        try {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static long timeouts() {
        return ConnectionLimitsHttpTest.sample(ConnectionLimitsHttpTest.metrics(server.port()),
                "parley_http_head_timeouts_total");
    }
}
