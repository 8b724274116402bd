package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.ClientIdentity;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Identity verification: on a channel with an identity secret, every client-API path needs the client's signature. */
class ClientIdentityHttpTest {

    private static final String SECRET = "identity-secret-0123456789";
    private static final String CLIENT = "user-42";

    private static TestServer server;
    private static String token;
    private static long channelId;

    /** One client-API call; {@code {c}} in the path and body stands for the client id. */
    record Call(String name, String method, String path, String body, int okStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Call> clientApiCalls() {
        return Stream.of(
                new Call("sync POST", "POST", "", "{\"clientId\": \"{c}\", \"query\": \"hi\"}", 200),
                new Call("simplified GET", "GET", "?clientId={c}&query=hi", null, 200),
                new Call("async POST", "POST", "/async", "{\"clientId\": \"{c}\", \"query\": \"hi\"}", 200),
                new Call("events long poll", "GET", "/events?clientId={c}&timeout=0", null, 200),
                new Call("history", "GET", "/client/{c}/history", null, 200),
                new Call("state GET", "GET", "/client/{c}/state", null, 200),
                new Call("state POST", "POST", "/client/{c}/state", "{\"step\": 2}", 200),
                new Call("status GET", "GET", "/client/{c}/message/q-1/status", null, 404),
                new Call("status POST", "POST", "/client/{c}/message/q-1/status", "{\"status\": \"READ\"}", 404),
                new Call("message-statuses", "POST", "/client/{c}/message-statuses",
                        "{\"statuses\": [{\"questionId\": \"q-1\", \"status\": \"READ\"}]}", 400),
                new Call("not-read-count", "GET", "/client/{c}/message-not-read-count", null, 200),
                new Call("typing", "POST", "/client/{c}/typing", null, 204),
                // past the gate, a JSON body is no multipart upload
                new Call("files", "POST", "/client/{c}/files", "{}", 415));
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        JsonNode created = server.http().admin("POST", "/api/v1/channels", Json.object().put("name", "verified")
                .put("scenario", Scenarios.SHOP).put("identitySecret", SECRET)).json();
        token = created.get("token").asText();
        channelId = created.get("id").asLong();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Response call(String channelToken, Call call, String client, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        String body = call.body() == null ? null : call.body().replace("{c}", client);
        return server.http().send(call.method(), "/chatapi/" + channelToken + call.path().replace("{c}", client),
                body, all);
    }

    private static void assertRefused(Http.Response response, String header) {
        assertThat(response.status()).as(response.text()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("chatapi.client.signature_invalid");
        assertThat(response.json().get("message").asText()).contains(header);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientApiCalls")
    void everyClientApiPathRefusesAMissingOrWrongSignatureAndAcceptsTheRightOne(Call call) {
        String client = CLIENT + "-" + call.name().replace(' ', '-');
        String wrong = ClientIdentity.sign(SECRET, client + "x");

        Http.Response none = call(token, call, client, Map.of());
        Http.Response bad = call(token, call, client, Map.of("X-Client-Signature", wrong));
        Http.Response right = call(token, call, client, Map.of("X-Client-Signature",
                ClientIdentity.sign(SECRET, client)));

        assertRefused(none, "X-Client-Signature");
        assertRefused(bad, "X-Client-Signature");
        assertThat(right.status()).as(right.text()).isEqualTo(call.okStatus());
    }

    @Test
    void refusedCallsChangeNothing() {
        String client = "intruder-target";
        Map<String, String> wrong = Map.of("X-Client-Signature", ClientIdentity.sign("another-secret-0123456", client));
        clientApiCalls().forEach(call -> assertThat(call(token, call, client, wrong).status()).isEqualTo(401));

        Map<String, String> right = Map.of("X-Client-Signature", ClientIdentity.sign(SECRET, client));
        Http.Response history = server.http().send("GET", "/chatapi/" + token + "/client/" + client + "/history",
                null, right);
        Http.Response state = server.http().send("GET", "/chatapi/" + token + "/client/" + client + "/state",
                null, right);
        assertThat(history.json().get("totalCount").asInt()).isZero();
        assertThat(state.json().size()).as(state.text()).isZero();
    }

    @Test
    void theSignatureIsAcceptedAsAQueryParameterForEventSource() throws Exception {
        String query = "/chatapi/" + token + "/events/stream?clientId=" + CLIENT;
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<Stream<String>> missing = client.send(HttpRequest.newBuilder(uri(query)).build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> right = client.send(HttpRequest.newBuilder(
                uri(query + "&clientSignature=" + ClientIdentity.sign(SECRET, CLIENT))).build(),
                HttpResponse.BodyHandlers.ofLines());

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(String.join("", missing.body().toList())).contains("chatapi.client.signature_invalid")
                .contains("clientSignature");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        right.body().close();
        Http.Response poll = server.http().get("/chatapi/" + token + "/events?timeout=0&clientId=" + CLIENT
                + "&clientSignature=" + ClientIdentity.sign(SECRET, CLIENT));
        assertThat(poll.status()).as(poll.text()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientApiCalls")
    void aChannelWithoutAnIdentitySecretNeedsNoSignature(Call call) {
        String open = server.channel(Scenarios.SHOP);

        Http.Response response = call(open, call, "anyone", Map.of());

        assertThat(response.status()).as(response.text()).isEqualTo(call.okStatus());
    }

    @Test
    void theSecretIsWriteOnlyAndAdminsCanTurnVerificationOff() {
        String path = "/api/v1/channels/" + channelId;
        JsonNode shown = server.adminJson("GET", path, null);
        assertThat(shown.get("identityVerification").asBoolean()).isTrue();
        assertThat(shown.toString()).doesNotContain(SECRET).doesNotContain("identitySecret");

        String other = server.channel(Json.object().put("name", "other").put("scenario", Scenarios.SHOP)
                .put("identitySecret", SECRET));
        long otherId = server.adminJson("GET", "/api/v1/channels", null).findValues("id").stream()
                .mapToLong(JsonNode::asLong).max().orElseThrow();
        JsonNode off = server.adminJson("PATCH", "/api/v1/channels/" + otherId,
                Json.object().put("identitySecret", ""));

        assertThat(off.get("identityVerification").asBoolean()).isFalse();
        assertThat(server.http().get("/chatapi/" + other + "/client/u/history").status()).isEqualTo(200);
    }

    @Test
    void aShortIdentitySecretIsRefusedNamingTheField() {
        Http.Response response = server.http().admin("POST", "/api/v1/channels", Json.object().put("name", "weak")
                .put("scenario", Scenarios.SHOP).put("identitySecret", "short"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains("identitySecret");
    }

    @Test
    void preflightAllowsTheSignatureHeader() {
        Http.Response response = server.http().send("OPTIONS", "/chatapi/" + token + "/client/u/history", null,
                Map.of("Origin", "https://shop.example", "Access-Control-Request-Method", "GET",
                        "Access-Control-Request-Headers", "x-client-signature"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Headers")).containsIgnoringCase("X-Client-Signature");
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

}
