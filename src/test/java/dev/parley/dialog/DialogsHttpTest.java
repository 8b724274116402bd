package dev.parley.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.ManualClock;
import dev.parley.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Dialogs admin API through the real server: the clients list, search, and one client's detail and history. */
class DialogsHttpTest {

    static final String SUPPORT = """
            name: support
            states:
              /Order:
                - intent: {patterns: ["*order*", "*parcel*"]}
                - text: "Your orders are on their way"
              /Agent:
                - intent: {patterns: ["operator"]}
                - agent: {message: "Connecting you to a person", closePhrases: ["bye agent"], noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "Tell the bot something"
            """;

    /** Moved by hand, one second per message, so that the order of activity is certain. */
    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_767_225_600_000L));
    private TestServer server;
    private String chat;
    private String channel;

    @BeforeEach
    void start() {
        server = TestServer.start(TestServer.config(TestServer.tempDir()), clock);
        JsonNode created = server.adminJson("POST", "/api/v1/channels",
                Json.object().put("name", "support").put("scenario", SUPPORT));
        chat = "/chatapi/" + created.get("token").asText();
        channel = "/api/v1/channels/" + created.get("id").asLong();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode say(String clientId, String query) {
        clock.advance(Duration.ofSeconds(1));
        Http.Response r = server.http().post(chat, Map.of("clientId", clientId, "query", query));
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private Http.Response admin(String target) {
        return server.http().admin("GET", target, null);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> field(JsonNode page, String name) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(item -> out.add(item.get(name).asText()));
        return out;
    }

    /** Every item of {@code first} and the pages after it, following nextCursor. */
    private List<JsonNode> pageThrough(String first) {
        List<JsonNode> items = new ArrayList<>();
        String target = first;
        for (int pages = 0; pages < 50; pages++) {
            JsonNode page = admin(target).json();
            page.get("items").forEach(items::add);
            if (page.get("nextCursor").isNull()) {
                return items;
            }
            target = first + "&cursor=" + q(page.get("nextCursor").asText());
        }
        throw new AssertionError("more than 50 pages");
    }

    @Test
    void clientsComeMostRecentlyActiveFirstWithTheirNewestMessageAndCounts() {
        say("ann", "hello");
        say("bob", "where is my order?");
        say("ann", "anything");

        JsonNode page = admin(channel + "/clients").json();

        assertThat(field(page, "clientId")).containsExactly("ann", "bob");
        JsonNode ann = page.get("items").get(0);
        assertThat(ann.at("/lastMessage/author").asText()).isEqualTo("BOT");
        assertThat(ann.at("/lastMessage/text").asText()).isEqualTo("Tell the bot something");
        assertThat(ann.get("messageCount").asLong()).isEqualTo(4);
        assertThat(ann.get("unread").asLong()).isEqualTo(2);
        assertThat(ann.get("withAgent").asBoolean()).isFalse();
        assertThat(ann.get("lastActivityAt").asText()).isEqualTo(dev.parley.json.Times.iso(clock.millis()));
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void clientPagesOfTwoAddUpToTheWholeListWithoutSkipsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            say("client-" + i, "hello " + i);
        }
        say("client-2", "back again");

        List<String> whole = field(admin(channel + "/clients").json(), "clientId");
        List<String> paged = pageThrough(channel + "/clients?limit=2").stream()
                .map(c -> c.get("clientId").asText()).toList();

        assertThat(whole).hasSize(7).startsWith("client-2", "client-6", "client-5");
        assertThat(paged).isEqualTo(whole);
        assertThat(field(admin(channel + "/clients?prefix=client-1").json(), "clientId"))
                .containsExactly("client-1");
    }

    @Test
    void clientsKeepTheOrderOfTheirActivityAcrossMinutesPageByPage() {
        say("ann", "hello"); // 00:01
        say("bob", "hello"); // 00:02
        clock.advance(Duration.ofSeconds(57));
        say("cat", "hello"); // 01:00, the next minute
        say("dan", "hello"); // 01:01
        say("ann", "again"); // 01:02: ann's row moves to the next minute
        clock.advance(Duration.ofSeconds(118));
        say("eve", "hello"); // 03:01
        say("bob", "again"); // 03:02

        List<String> whole = field(admin(channel + "/clients").json(), "clientId");

        assertThat(whole).containsExactly("bob", "eve", "ann", "dan", "cat");
        for (String limit : List.of("1", "2", "3")) {
            assertThat(pageThrough(channel + "/clients?limit=" + limit).stream().map(c -> c.get("clientId").asText()))
                    .as("pages of " + limit).isEqualTo(whole);
        }
    }

    @Test
    void searchFindsWhatAClientSaidInAnotherWordFormNewestFirst() {
        say("ann", "I ordered a lamp");
        say("bob", "Where are my PARCELS?");
        say("cat", "nothing to do with it");

        JsonNode page = admin(channel + "/search?text=" + q("parcel")).json();

        assertThat(page.get("items")).hasSize(1);
        JsonNode hit = page.get("items").get(0);
        assertThat(hit.get("clientId").asText()).isEqualTo("bob");
        assertThat(hit.get("author").asText()).isEqualTo("CLIENT");
        assertThat(hit.get("text").asText()).isEqualTo("Where are my PARCELS?");
        assertThat(hit.get("questionId").asText()).isNotEmpty();
        assertThat(hit.get("timestamp").asText()).endsWith("Z");
        assertThat(field(admin(channel + "/search?text=orders").json(), "text")).containsExactly(
                "Your orders are on their way", "Your orders are on their way", "I ordered a lamp");
        assertThat(field(admin(channel + "/search?text=orders").json(), "author")).containsExactly(
                "BOT", "BOT", "CLIENT");
    }

    @Test
    void searchPagesOfTwoAddUpToTheWholeSetWithoutSkipsOrRepeats() {
        for (int i = 0; i < 5; i++) {
            say("client-" + (i % 3), "my order " + i);
        }

        List<JsonNode> whole = new ArrayList<>();
        admin(channel + "/search?text=order&limit=200").json().get("items").forEach(whole::add);
        List<JsonNode> paged = pageThrough(channel + "/search?text=order&limit=2");

        assertThat(whole).hasSize(10);
        assertThat(paged).isEqualTo(whole);
    }

    @Test
    void queryLanguageAndHostileTextAreSearchedAsText() {
        say("ann", "say \"near\" the star* (please)");

        for (String text : List.of("\"", "*", "NEAR(", "\"near", "star*", "NEAR(star please)", "a OR b", "text:star",
                "\u0000star", "'; DROP TABLE events; --", "c1", "channel : c1")) {
            Http.Response r = admin(channel + "/search?text=" + q(text));
            assertThat(r.status()).as(text).isIn(200, 400);
            assertThat(r.json().has("error") || r.json().has("items")).as(text).isTrue();
        }
        assertThat(admin(channel + "/search?text=" + q("NEAR(star please)")).json().get("items")).hasSize(1);
        assertThat(admin(channel + "/search?text=" + q("c1")).json().get("items")).as("not the channel column")
                .isEmpty();
    }

    @Test
    void anAgentsReplyIsActivityAndIsSearchable() {
        server.http().admin("POST", "/api/v1/agents",
                Map.of("login", "anna", "password", "correct horse", "name", "Anna"));
        String token = server.http().post("/api/v1/agent/login",
                Map.of("login", "anna", "password", "correct horse")).json().get("token").asText();
        say("ann", "operator");
        say("bob", "hello");
        Map<String, String> auth = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
        long id = server.http().send("GET", "/api/v1/agent/conversations?status=QUEUED", null, auth).json()
                .at("/items/0/id").asLong();
        server.http().send("POST", "/api/v1/agent/conversations/" + id + "/accept", null, auth);
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.http().send("POST", "/api/v1/agent/conversations/" + id + "/messages",
                Map.of("text", "Your refund is approved"), auth).status()).isEqualTo(201);

        JsonNode clients = admin(channel + "/clients").json();
        assertThat(field(clients, "clientId")).containsExactly("ann", "bob");
        assertThat(clients.at("/items/0/withAgent").asBoolean()).isTrue();
        assertThat(clients.at("/items/0/lastMessage/author").asText()).isEqualTo("OPERATOR");
        assertThat(field(admin(channel + "/search?text=refunds").json(), "author")).containsExactly("OPERATOR");

        JsonNode ann = admin(channel + "/clients/ann").json();
        assertThat(ann.at("/handoffs/0/status").asText()).isEqualTo("ASSIGNED");
        assertThat(ann.at("/handoffs/0/agent/name").asText()).isEqualTo("Anna");
        assertThat(ann.at("/handoffs/0/firstMessage").asText()).isEqualTo("operator");
    }

    @Test
    void aClientsDetailHasItsStateAndItsHistoryReadsLikeTheChatApis() {
        say("in/dialog 1", "where is my order?");
        assertThat(server.http().post(chat + "/client/in%2Fdialog%201/state", "{\"cart\": [1, 2]}").status())
                .isEqualTo(200);

        JsonNode detail = admin(channel + "/clients/in%2Fdialog%201").json();
        assertThat(detail.get("clientId").asText()).isEqualTo("in/dialog 1");
        assertThat(detail.at("/state/cart/1").asInt()).isEqualTo(2);
        assertThat(detail.get("stateVersion").asLong()).isEqualTo(1);
        assertThat(detail.get("handoffs")).isEmpty();

        JsonNode history = admin(channel + "/clients/in%2Fdialog%201/history?order=desc").json();
        assertThat(history.get("totalCount").asLong()).isEqualTo(2);
        assertThat(history.at("/messages/0/author").asText()).isEqualTo("BOT");
        assertThat(history.at("/messages/0/textMessage").asText()).isEqualTo("Your orders are on their way");
        assertThat(history.at("/messages/1/textMessage").asText()).isEqualTo("where is my order?");
    }

    @Test
    void badParametersAreA400NamingThemAndUnknownThingsA404() {
        say("ann", "hello");
        Map<String, String> bad = Map.of("/clients?limit=0", "limit", "/clients?limit=201", "limit",
                "/clients?limit=ten", "limit", "/clients?cursor=%25%25%25", "cursor", "/clients?cursor=bm9wZQ",
                "cursor", "/search?text=order&cursor=YWJj", "cursor", "/search?text=order&limit=-1", "limit",
                "/search", "text", "/search?text=%20%20", "text", "/search?text=" + q("*** \"\" ((("), "text");
        bad.forEach((target, name) -> {
            Http.Response r = admin(channel + target);
            assertThat(r.status()).as(target).isEqualTo(400);
            assertThat(r.json().get("message").asText()).as(target).contains(name);
            assertThat(r.json().get("error").asText()).as(target).isEqualTo("admin.request.invalid");
        });
        assertThat(admin("/api/v1/channels/999/clients").status()).isEqualTo(404);
        assertThat(admin("/api/v1/channels/x/search?text=a").status()).isEqualTo(404);
        assertThat(admin(channel + "/clients/nobody").json().get("error").asText())
                .isEqualTo("admin.client.not_found");
        assertThat(admin(channel + "/clients/nobody/history").status()).isEqualTo(404);
        assertThat(admin(channel + "/clients/ann/history?limit=0").status()).isEqualTo(400);
    }

    @Test
    void onlyAdminsMayReadDialogs() {
        server.http().admin("POST", "/api/v1/agents",
                Map.of("login", "anna", "password", "correct horse", "name", "Anna"));
        String agent = server.http().post("/api/v1/agent/login",
                Map.of("login", "anna", "password", "correct horse")).json().get("token").asText();
        say("ann", "hello");

        for (String target : List.of("/clients", "/search?text=hello", "/clients/ann", "/clients/ann/history")) {
            assertThat(server.http().get(channel + target).status()).as(target).isEqualTo(401);
            assertThat(server.http().send("GET", channel + target, null, Map.of("Authorization", "Bearer " + agent))
                    .status()).as(target).isEqualTo(403);
        }
    }
}
