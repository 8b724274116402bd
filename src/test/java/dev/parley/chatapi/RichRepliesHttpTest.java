package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A scenario produces every reply type of the Chat API, and the client gets each as its JSON. */
class RichRepliesHttpTest {

    private static final String SCENARIO = """
            name: rich
            states:
              /Show:
                - intent: {patterns: ["show"]}
                - text: "Here you go"
                - inlineButtons: [{text: "Map", goto: /Map}]
                - carousel: {text: "Hotels", content: [{title: "Ritz", image: "https://i.example/r.png"}]}
                - location: {lat: 48.8566, lon: 2.3522}
                - raw: {body: {widget: "map", q: "{{query}}"}}
                - reply: {type: "productCard", sku: "A-1"}
              /Map:
                - text: "The map"
              /CatchAll:
                - text: "?"
            """;

    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.channel(SCENARIO, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyReplyTypeOfAScenarioReachesTheClientAndTheHistory() {
        JsonNode envelope = server.http().post("/chatapi/" + token, Map.of("clientId", "ann", "query", "show")).json();

        assertThat(envelope.at("/data/replies")).isEqualTo(Json.readTrusted("""
                [{"type": "text", "text": "Here you go", "state": "/Show"},
                 {"type": "inlineButtons", "buttons": [{"text": "Map", "transition": "/Map"}], "state": "/Show"},
                 {"type": "carousel", "text": "Hotels",
                  "content": [{"title": "Ritz", "image": "https://i.example/r.png"}], "state": "/Show"},
                 {"type": "location", "lat": 48.8566, "lon": 2.3522, "state": "/Show"},
                 {"type": "raw", "body": {"widget": "map", "q": "show"}, "state": "/Show"},
                 {"type": "productCard", "sku": "A-1", "state": "/Show"}]"""));
        assertThat(envelope.at("/data/answer").asText()).isEqualTo("Here you go");
        assertThat(envelope.get("blockForm").asBoolean()).isTrue();
        JsonNode history = server.http().get("/chatapi/" + token + "/client/ann/history?order=desc&limit=1").json();
        assertThat(history.at("/messages/0/replies")).isEqualTo(envelope.at("/data/replies"));
        assertThat(server.http().post("/chatapi/" + token, Map.of("clientId", "ann", "query", "Map")).json()
                .at("/data/answer").asText()).isEqualTo("The map");
    }
}
