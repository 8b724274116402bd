package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.RawHttp;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server holds at most {@code PARLEY_MAX_CONNECTIONS} connections, and one client address at most
 * {@code PARLEY_MAX_CONNECTIONS_PER_ADDRESS}: further ones are closed as soon as accepted and counted, and served
 * again once others close.
 */
class ConnectionLimitsHttpTest {

    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceCountedAndServedAgainOnceOthersClose() throws IOException {
        try (TestServer server = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS", "3",
                "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "0"))) {
            List<Socket> held = hold(server.port(), "127.0.0.1", 3);
            try (Socket extra = new Socket("127.0.0.1", server.port())) {
                assertClosedAtOnce(extra);
            }
            held.removeFirst().close();
            assertThat(awaitServed(server.port(), "127.0.0.1")).isEqualTo(200);
            String metrics = metrics(server.port());
            assertThat(sample(metrics, "parley_connections_refused_total{reason=\"limit\"}")).isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "parley_connections_refused_total{reason=\"per_address\"}")).isZero();
            closeAll(held);
        }
    }

    @Test
    void oneAddressIsCappedWhileAnotherIsStillServed() throws IOException {
        try (TestServer server = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "2"))) {
            List<Socket> held = hold(server.port(), "127.0.0.1", 2);
            try (Socket extra = new Socket("127.0.0.1", server.port())) {
                assertClosedAtOnce(extra);
            }
            assertThat(exchange(server.port(), "127.0.0.2", HEALTH).status()).as("another address").isEqualTo(200);
            held.removeFirst().close();
            assertThat(awaitServed(server.port(), "127.0.0.1")).isEqualTo(200);
            String metrics = metrics(server.port());
            assertThat(sample(metrics, "parley_connections_refused_total{reason=\"per_address\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "parley_connections_refused_total{reason=\"limit\"}")).isZero();
            closeAll(held);
        }
    }

    @Test
    void openingAndClosingManyConnectionsLeavesNothingCountedAgainstTheLimits() throws IOException {
        try (TestServer server = TestServer.start(Map.of("PARLEY_MAX_CONNECTIONS", "2",
                "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "2"))) {
            for (int i = 0; i < 500; i++) {
                // a count that leaked would refuse every connection from then on, and this would time out
                assertThat(awaitServed(server.port(), "127.0.0.1")).as("cycle " + i).isEqualTo(200);
            }
            long deadline = System.currentTimeMillis() + 5_000;
            while (sample(metrics(server.port()), "parley_connections_open") > 1) {
                assertThat(System.currentTimeMillis()).as("only the scrape's own connection is left open")
                        .isLessThan(deadline);
            }
        }
    }

    /** Opens {@code count} connections that send nothing; each is accepted before the next one is. */
    private static List<Socket> hold(int port, String from, int count) throws IOException {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0));
        }
        return held;
    }

    static void assertClosedAtOnce(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try {
            assertThat(socket.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection over the limit was kept open", e);
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
    }

    /** Retries a request until the server, which notices the closed connections by itself, serves it. */
    private static int awaitServed(int port, String from) {
        return awaitServed(port, from, HEALTH).status();
    }

    private static RawHttp.Response awaitServed(int port, String from, String request) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            try {
                return exchange(port, from, request);
            } catch (UncheckedIOException | IllegalStateException refused) {
                if (System.currentTimeMillis() > deadline) {
                    throw refused;
                }
            }
        }
    }

    /** One request on a new connection from {@code from}, closed again after the answer. */
    static RawHttp.Response exchange(int port, String from, String request) {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return RawHttp.read(in).orElseThrow(() -> new IllegalStateException("closed without an answer"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metrics, scraped as soon as the server has a connection to spare. */
    static String metrics(int port) {
        return awaitServed(port, "127.0.0.1", "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").body();
    }

    static long sample(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\d+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in " + metrics).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
