package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.RawHttp;
import dev.parley.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests that Helidon refuses before routing still get the Chat API's JSON error body, naming the problem. */
class TransportErrorsHttpTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode assertError(String request, int status, String messagePart) {
        RawHttp.Response response = RawHttp.exchange(server.port(), request);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).contains(messagePart);
        assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(body.has("path")).isTrue();
        return body;
    }

    @Test
    void badPercentEncodingInTheQueryIsA400NamingIt() {
        JsonNode body = assertError("GET /chatapi/x/client/y/history?limit=%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400,
                "Malformed percent-encoding in the query");
        assertThat(body.get("path").asText()).isEqualTo("/chatapi/x/client/y/history");
    }

    @Test
    void badPercentEncodingInThePathIsA400NamingIt() {
        assertError("GET /chatapi/x%zz/events HTTP/1.1\r\nHost: a\r\n\r\n", 400,
                "Malformed percent-encoding in the path");
    }

    @Test
    void aClientIdThatDoesNotDecodeIsA400NamingItOnEveryRawPathRoute() {
        for (String prefix : List.of("/chatapi", "/chatadapter/chatapi")) {
            for (String resource : List.of("history", "state")) {
                String path = prefix + "/x/client/%zz/" + resource;
                assertError("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n", 400, "percent-encoding");
                String overlong = prefix + "/x/client/%C0%AF/" + resource;
                JsonNode body = assertError("GET " + overlong + " HTTP/1.1\r\nHost: a\r\n\r\n", 400,
                        "clientId is not valid UTF-8");
                assertThat(body.get("path").asText()).isEqualTo(overlong);
                assertError("GET " + prefix + "/x/client/a%C0/" + resource + " HTTP/1.1\r\nHost: a\r\n\r\n", 400,
                        "clientId is not valid UTF-8");
            }
        }
    }

    @Test
    void malformedRequestLinesAreA400() {
        assertError("GARBAGE\r\n\r\n", 400, "Malformed request line");
        assertError("GET /health\r\nHost: a\r\n\r\n", 400, "Malformed request line");
    }

    @Test
    void aControlCharacterInAHeaderIsA400NamingTheHeader() {
        assertError("GET /health HTTP/1.1\r\nHost: a\r\nX-Probe: b\u0001c\r\n\r\n", 400, "X-Probe");
    }

    @Test
    void aContentLengthThatIsNoNumberIsA400() {
        assertError("POST /chatapi/x HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", 400, "Content length");
    }

    @Test
    void overLargeHeadersAreA400NamingTheLimit() {
        assertError("GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", 400,
                "headers are larger than 16384 bytes");
    }

    @Test
    void anOverlongUriIsA414NamingTheLimit() {
        assertError("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, "longer than 4096 bytes");
    }

    @Test
    void aContentLengthOverTheServerLimitIsA413() {
        JsonNode body = assertError("POST /chatapi/x HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999\r\n\r\n", 413,
                "larger than the limit");
        assertThat(body.get("error").asText()).isEqualTo("chatapi.request.too_large");
    }

    @Test
    void http10IsA505WithABody() {
        JsonNode body = assertError("GET /health HTTP/1.0\r\nHost: a\r\n\r\n", 505, "HTTP/1.1");
        assertThat(body.get("error").asText()).isEqualTo("http.505");
        assertThat(body.get("path").asText()).isEqualTo("/health");
    }
}
