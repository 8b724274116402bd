package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code path} of an error body is the path the client asked for, with the prefix its service is mounted at. */
class ErrorPathHttpTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String errorPath(Http.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        return response.json().get("path").asText();
    }

    @Test
    void clientApiErrorsNameTheFullPath() {
        assertThat(errorPath(server.http().get("/chatapi/nosuchtoken1/events?clientId=a&timeout=0"), 404))
                .isEqualTo("/chatapi/nosuchtoken1/events");
        assertThat(errorPath(server.http().get("/chatadapter/chatapi/nosuchtoken1/client/a/history"), 404))
                .isEqualTo("/chatadapter/chatapi/nosuchtoken1/client/a/history");
        String token = server.channel(Scenarios.SHOP);
        assertThat(errorPath(server.http().post("/chatapi/" + token, Map.of("query", "hi")), 400))
                .isEqualTo("/chatapi/" + token);
    }

    @Test
    void adminApiErrorsNameTheFullPath() {
        assertThat(errorPath(server.http().admin("GET", "/api/v1/channels/999999", null), 404))
                .isEqualTo("/api/v1/channels/999999");
        assertThat(errorPath(server.http().get("/api/v1/channels/999999/dead-letters"), 401))
                .isEqualTo("/api/v1/channels/999999/dead-letters");
    }
}
