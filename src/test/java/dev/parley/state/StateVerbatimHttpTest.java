package dev.parley.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's state comes back exactly as it was sent, and only one JSON object without repeated keys is kept. */
class StateVerbatimHttpTest {

    private static final String SAVED = "{\"keep\":true}";
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

    @Test
    void stateComesBackByteForByteAsSent() throws Exception {
        String text = "{ \"n\" : 1e999999999,\n  \"price\": 1.50, \"big\": 123456789012345678901234567890,"
                + " \"z\": [ ], \"a\": \"caf\\u00e9 ☕ \\\" }\" }\n";
        String state = path + "/client/v-1/state";

        assertThat(server.http().post(state, text).status()).isEqualTo(200);

        assertThat(server.http().get(state).text()).isEqualTo(text);
        assertThat(bytes(state)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The event item is one line (an SSE data line cannot hold more) with the client's keys and digits. */
    @Test
    void theStateEventCarriesTheSameTextWithoutItsLineBreaks() {
        String state = path + "/client/v-2/state";
        server.http().post(state, "{\n \"n\": 1e999999999, \"price\": 1.50,\n \"s\": \"a  b\" }");

        String events = server.http().get(path + "/events?clientId=v-2&all=true&ts=0&timeout=0").text();

        assertThat(events).contains("\"state\":{\"n\":1e999999999,\"price\":1.50,\"s\":\"a  b\"}")
                .doesNotContain("Infinity");
    }

    @Test
    @Timeout(30)
    void theStateEventIsOneServerSentEventDataLine() throws Exception {
        String state = path + "/client/v-6/state";
        server.http().post(state, "{\n \"n\": 1e999999999,\r\n \"s\": \"a\\nb\" }\n");

        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                uri(path + "/events/stream?clientId=v-6&all=true&ts=0")).build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = stream.body()) {
            String data = lines.dropWhile(line -> !line.equals("event:state") && !line.equals("event: state"))
                    .filter(line -> line.startsWith("data:")).findFirst().orElseThrow();

            assertThat(data).contains("\"state\":{\"n\":1e999999999,\"s\":\"a\\nb\"}");
        }
    }

    @Test
    void aRepeatedKeyIsRefusedNamingItAndTheSavedStateStays() {
        String state = save("v-3");

        Http.Response answer = server.http().post(state, "{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asText()).startsWith("Invalid state format")
                .contains("duplicate key 'c' at b.c");
        assertUnchanged(state, "v-3");
    }

    @Test
    void anythingButExactlyOneJsonObjectIsRefused() {
        String state = save("v-4");
        for (String bad : List.of("[1]", "\"text\"", "{} {}", "{\"a\":1} x", "{\"a\":1", "", "  ", "{\"a\":01}")) {
            Http.Response answer = server.http().post(state, bad);

            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("message").asText()).as(bad).startsWith("Invalid state format");
        }
        assertUnchanged(state, "v-4");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws Exception {
        String state = save("v-5");
        byte[] latin1 = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(state))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(latin1))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("not valid UTF-8");
        assertUnchanged(state, "v-5");
    }

    private static String save(String clientId) {
        String state = path + "/client/" + clientId + "/state";
        assertThat(server.http().post(state, SAVED).status()).isEqualTo(200);
        return state;
    }

    private static void assertUnchanged(String state, String clientId) {
        assertThat(server.http().get(state).text()).isEqualTo(SAVED);
        assertThat(server.http().get(path + "/events?clientId=" + clientId + "&all=true&ts=0&timeout=0").json()
                .get("events")).hasSize(1);
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private static byte[] bytes(String pathAndQuery) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }
}
