package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.RawHttp;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every malformed or hostile request gets a 4xx JSON error naming the problem and changes nothing stored. */
class BadInputHttpTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static TestServer server;
    private static String token;
    private static String path;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.channel(Scenarios.SHOP);
        path = "/chatapi/" + token;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void nothingWasStored() {
        JsonNode history = server.http().get(path + "/client/victim/history").json();
        assertThat(history.get("totalCount").asInt()).isZero();
        JsonNode events = server.http().get(path + "/events?clientId=victim&all=true&timeout=0&ts=0").json();
        assertThat(events.get("events")).isEmpty();
    }

    private static void assertError(Http.Response response, int status, String messagePart) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).contains(messagePart);
        assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(body.get("path").asText()).startsWith("/");
    }

    @Test
    void aGarbledChunkedBodyIsA400() {
        RawHttp.Response answer = RawHttp.exchange(server.port(), "POST " + path
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers().get("content-type")).contains("application/json");
        assertThat(answer.body()).contains("The request body could not be read");
    }

    @Test
    void aChunkLargerThanAnyBodyIsA413() {
        RawHttp.Response answer = RawHttp.exchange(server.port(), "POST " + path
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nFFFFFFF\r\n{}\r\n0\r\n\r\n");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).contains("application/json");
    }

    @Test
    void aVeryLongTextAgainstStarPatternsIsAnsweredNormally() {
        String stars = server.channel("""
                name: stars
                states:
                  /Bye:
                    - intent: {patterns: ["* bye *", "* a * b * c *"]}
                    - text: "bye"
                  /CatchAll:
                    - text: "?"
                """);
        String longText = "a ".repeat(30_000);

        Http.Response bye = server.http().post("/chatapi/" + stars, Map.of("clientId", "long", "query", longText + "bye"));
        Http.Response other = server.http().post("/chatapi/" + stars, Map.of("clientId", "long", "query", longText));

        assertThat(bye.status()).isEqualTo(200);
        assertThat(bye.json().at("/data/answer").asText()).isEqualTo("bye");
        assertThat(other.json().at("/data/answer").asText()).isEqualTo("?");
    }

    @Test
    void missingClientIdIsA400NamingIt() {
        assertError(server.http().post(path, Map.of("query", "hello")), 400, "clientId is required");
    }

    @Test
    void blankOrOverlongClientIdIsRefused() {
        assertError(server.http().post(path, Map.of("clientId", "  ", "query", "hi")), 400, "clientId");
        assertError(server.http().post(path, Map.of("clientId", "x".repeat(257), "query", "hi")), 400, "clientId");
    }

    @Test
    void neitherQueryNorEventIsA400() {
        assertError(server.http().post(path, Map.of("clientId", "victim")), 400, "query or event is required");
        assertError(server.http().post(path, Map.of("clientId", "victim", "query", " ")), 400,
                "query or event is required");
        assertError(server.http().get(path + "?clientId=victim"), 400, "query or event is required");
    }

    @Test
    void wrongFieldTypesAreNamed() {
        assertError(server.http().post(path, Map.of("clientId", true, "query", "hi")), 400, "clientId must be");
        assertError(server.http().post(path, Map.of("clientId", "victim", "query", "hi", "data", "x")), 400,
                "data must be");
        assertError(server.http().post(path, Map.of("clientId", "victim", "query", 5)), 400, "query must be");
    }

    @Test
    void malformedJsonAndNonObjectBodiesAre400() {
        assertError(server.http().send("POST", path, "{\"clientId\": \"victim\",", JSON), 400, "malformed JSON");
        assertError(server.http().send("POST", path, "[1,2]", JSON), 400, "JSON object");
        assertError(server.http().send("POST", path, "", JSON), 400, "empty");
    }

    @Test
    void deeplyNestedDataIsRefused() {
        String deep = "{\"clientId\":\"victim\",\"query\":\"hi\",\"data\":" + "{\"a\":".repeat(200) + "1"
                + "}".repeat(200) + "}";
        assertError(server.http().send("POST", path, deep, JSON), 400, "Invalid request payload");
    }

    @Test
    void nonJsonContentTypeIsA415() {
        assertError(server.http().send("POST", path, "clientId=victim&query=hi",
                Map.of("Content-Type", "application/x-www-form-urlencoded")), 415, "application/json");
    }

    @Test
    void bodyOverTheLimitIsA413() {
        String big = "{\"clientId\":\"victim\",\"query\":\"" + "a".repeat(70_000) + "\"}";
        assertError(server.http().send("POST", path, big, JSON), 413, "limit");
    }

    @Test
    void unknownTokenIsTheVendors404() {
        assertError(server.http().post("/chatapi/Nope1234:abc", Map.of("clientId", "victim", "query", "hi")), 404,
                "ChannelChat config not found for token Nope1234:abc and channel CHATAPI");
        assertError(server.http().get("/chatapi/webhook/anything"), 404, "");
    }

    @Test
    void wrongMethodIsA405AndUnknownPathA404() {
        assertError(server.http().send("DELETE", path, null, Map.of()), 405, "DELETE");
        assertError(server.http().send("PUT", path + "/async", "{}", JSON), 405, "PUT");
        assertError(server.http().get("/nothing/here"), 404, "/nothing/here");
    }

    @Test
    void badEventParametersAre400() {
        assertError(server.http().get(path + "/events?all=true"), 400, "clientId");
        assertError(server.http().get(path + "/events?clientId=victim&timeout=61"), 400, "timeout");
        assertError(server.http().get(path + "/events?clientId=victim&all=maybe"), 400, "all");
        assertError(server.http().get(path + "/events?clientId=victim&ts=yesterday"), 400, "ts");
        assertError(server.http().get(path + "/events?clientId=victim&cid=" + "c".repeat(257)), 400, "cid");
        assertError(server.http().get(path + "/events?clientId=victim&ts=%2B999999999-12-31T23:59:59Z"), 400, "ts");
    }

    @Test
    void badHistoryParametersAre400WithTheVendorsMessage() {
        String history = path + "/client/victim/history";
        assertError(server.http().get(history + "?limit=0"), 400, "Invalid date range or pagination parameters");
        assertError(server.http().get(history + "?limit=1001"), 400, "limit");
        assertError(server.http().get(history + "?offset=-1"), 400, "offset");
        assertError(server.http().get(history + "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "from");
        assertError(server.http().get(history + "?order=sideways"), 400, "order");
        assertError(server.http().get(history + "?from=soon"), 400, "from");
        assertError(server.http().get(history + "?toTimestamp=%2B999999999-12-31T23:59:59Z"), 400, "to");
    }

    @Test
    void badStateIsA400WithTheVendorsMessage() {
        String state = path + "/client/victim/state";
        assertError(server.http().send("POST", state, "[1]", JSON), 400, "Invalid state format");
        assertError(server.http().send("POST", state + "?cid=" + "c".repeat(257), "{}", JSON), 400, "cid");
        assertError(server.http().send("POST", state, "{oops", JSON), 400, "Invalid state format");
        assertError(server.http().send("POST", state, "\"text\"", JSON), 400, "Invalid state format");
    }

    @Test
    void badStatusUpdatesAre400Or404() {
        String base = path + "/client/victim";
        assertError(server.http().post(base + "/message/nope/status", Map.of("status", "READ")), 404, "nope");
        assertError(server.http().post(base + "/message/nope/status", Map.of("status", "LOST")), 400, "status");
        assertError(server.http().post(base + "/message/nope/status", Map.of("status", "NOT_SENT")), 400,
                "NOT_SENT");
        assertError(server.http().post(base + "/message-statuses", Map.of("statuses", "x")), 400, "statuses");
        assertError(server.http().get(base + "/message/nope/status"), 404, "nope");
    }

    @Test
    void aKeyRepeatedInABodyIsA400NamingTheKey() {
        assertError(server.http().post(path, "{\"clientId\":\"victim\",\"query\":\"hi\",\"query\":\"bye\"}"),
                400, "duplicate key 'query'");
        assertError(server.http().post(path + "/async",
                "{\"clientId\":\"victim\",\"query\":\"hi\",\"data\":{\"a\":{\"b\":1,\"b\":2}}}"), 400,
                "duplicate key 'b' at data.a.b");
    }

    @Test
    void aKeyRepeatedInAnAdminBodyIsA400AndCreatesNothing() {
        int before = server.http().admin("GET", "/api/v1/channels", null).json().size();

        assertError(server.http().admin("POST", "/api/v1/channels", "{\"name\":\"a\",\"name\":\"b\"}"), 400,
                "duplicate key 'name'");
        assertThat(server.http().admin("GET", "/api/v1/channels", null).json().size()).isEqualTo(before);
    }

    @Test
    void aNumberBeyondADoubleInTurnDataIsA400NamingTheField() {
        assertError(server.http().post(path,
                "{\"clientId\":\"victim\",\"query\":\"hi\",\"data\":{\"cart\":[{\"total\":1e400}]}}"), 400,
                "data.cart[0].total is a number beyond the range");
        assertError(server.http().post(path + "/async",
                "{\"clientId\":\"victim\",\"event\":\"paid\",\"data\":{\"sum\":-1e999999999}}"), 400, "data.sum");
    }

    @Test
    void contentAfterTheBodysObjectIsA400() {
        assertError(server.http().post(path, "{\"clientId\":\"victim\",\"query\":\"hi\"} {\"query\":\"x\"}"),
                400, "malformed JSON");
    }
}
