package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.outbound.OutboundPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the real client against a scripted local server. */
class JdkHttpBlockClientTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final JdkHttpBlockClient client = new JdkHttpBlockClient(new OutboundPolicy(true));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Token") + " " + body);
            respond(exchange, 201, "{\"ok\":true}");
        });
        server.createContext("/broken", exchange -> respond(exchange, 500, "oops"));
        server.createContext("/slow", exchange -> {
            sleep(Duration.ofSeconds(3));
            respond(exchange, 200, "late");
        });
        server.createContext("/huge", exchange -> respond(exchange, 200, "x".repeat(JdkHttpBlockClient.MAX_BODY_BYTES + 1)));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest");
            respond(exchange, 302, "");
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static HttpBlockRequest request(String method, URI url, String body, Duration timeout) {
        return new HttpBlockRequest(method, url, Map.of("X-Token", "t1"), body, timeout);
    }

    @Test
    void sendsMethodHeadersAndBodyAndReturnsStatusAndBody() {
        HttpBlockResponse response = client.send(request("POST", url("/echo"), "{\"a\":1}", Duration.ofSeconds(5)));

        assertThat(response).isEqualTo(HttpBlockResponse.of(201, "{\"ok\":true}"));
        assertThat(response.successful()).isTrue();
        assertThat(received).containsExactly("POST t1 {\"a\":1}");
    }

    @Test
    void errorStatusIsAResponseButNotASuccess() {
        HttpBlockResponse response = client.send(request("GET", url("/broken"), "", Duration.ofSeconds(5)));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.successful()).isFalse();
    }

    @Test
    void slowServerTimesOut() {
        HttpBlockResponse response = client.send(request("GET", url("/slow"), "", Duration.ofMillis(200)));

        assertThat(response.successful()).isFalse();
        assertThat(response.error()).contains("timed out");
    }

    @Test
    void oversizedBodyIsAFailure() {
        HttpBlockResponse response = client.send(request("GET", url("/huge"), "", Duration.ofSeconds(5)));

        assertThat(response.successful()).isFalse();
        assertThat(response.error()).contains("larger than");
    }

    @Test
    void redirectsAreNotFollowed() {
        HttpBlockResponse response = client.send(request("GET", url("/redirect"), "", Duration.ofSeconds(5)));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.successful()).isFalse();
    }

    @Test
    void privateTargetsAreRefusedUnlessAllowed() {
        JdkHttpBlockClient strict = new JdkHttpBlockClient(new OutboundPolicy(false));
        JdkHttpBlockClient lyingDns = new JdkHttpBlockClient(new OutboundPolicy(false,
                host -> new InetAddress[] {InetAddress.getByName("10.1.2.3")}));

        HttpBlockResponse loopback = strict.send(request("GET", url("/echo"), "", Duration.ofSeconds(1)));
        assertThat(loopback.refused()).isTrue();
        assertThat(loopback.error()).contains("127.0.0.1 is a loopback address");
        assertThat(lyingDns.send(request("GET", URI.create("https://internal.example/x"), "", Duration.ofSeconds(1))).error())
                .isEqualTo("refused: internal.example: 10.1.2.3 is a private address, refused while "
                        + "PARLEY_HTTP_ALLOW_PRIVATE is false");
        assertThat(received).isEmpty();
    }

    @Test
    void metadataTargetsAreRefusedEvenWhenPrivateOnesAreAllowed() {
        HttpBlockResponse response = client.send(request("GET", URI.create("http://169.254.169.254/latest/meta-data/"),
                "", Duration.ofSeconds(1)));

        assertThat(response.refused()).isTrue();
        assertThat(response.error()).contains("link-local (cloud metadata)");
    }

    @Test
    void onlyHttpSchemesAreAllowed() {
        HttpBlockResponse response = client.send(request("GET", URI.create("file:///etc/passwd"), "", Duration.ofSeconds(1)));

        assertThat(response.error()).contains("only http and https");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
