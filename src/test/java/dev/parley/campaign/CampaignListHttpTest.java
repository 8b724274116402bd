package dev.parley.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/channels/{id}/campaigns}: a channel's past and running campaigns, newest first, by keyset. */
class CampaignListHttpTest {

    private TestServer server;
    private long shop;
    private long other;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.channel(Json.object().put("name", "shop").put("scenario", Scenarios.SHOP));
        server.channel(Json.object().put("name", "other").put("scenario", Scenarios.SHOP));
        for (JsonNode c : server.adminJson("GET", "/api/v1/channels", null).get("items")) {
            if (c.get("name").asText().equals("shop")) {
                shop = c.get("id").asLong();
            } else {
                other = c.get("id").asLong();
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long campaign(long channelId, Map<String, Object> body) {
        Http.Response created = server.http().admin("POST", "/api/v1/channels/" + channelId + "/campaigns", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long textCampaign(long channelId, String text) {
        return campaign(channelId, Map.of("clientIds", List.of("a-" + text, "b-" + text), "text", text));
    }

    private Http.Response page(long channelId, String query) {
        return server.http().admin("GET", "/api/v1/channels/" + channelId + "/campaigns" + query, null);
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }

    @Test
    void pagesGoFromNewestToOldestAndACampaignStartedMeanwhileDoesNotShiftThem() {
        List<Long> started = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            started.add(textCampaign(shop, "t" + i));
        }
        textCampaign(other, "elsewhere");

        JsonNode first = page(shop, "?limit=2").json();
        assertThat(ids(first)).containsExactly(started.get(4), started.get(3));
        long newer = textCampaign(shop, "t6");
        JsonNode second = page(shop, "?limit=2&cursor=" + first.get("nextCursor").asText()).json();
        assertThat(ids(second)).containsExactly(started.get(2), started.get(1));
        JsonNode last = page(shop, "?limit=2&cursor=" + second.get("nextCursor").asText()).json();
        assertThat(ids(last)).containsExactly(started.get(0));
        assertThat(last.get("nextCursor").isNull()).as("the last page says so").isTrue();

        assertThat(ids(page(shop, "").json())).as("default limit, other channels left out")
                .containsExactly(newer, started.get(4), started.get(3), started.get(2), started.get(1), started.get(0));
    }

    @Test
    void eachItemSaysWhatWasSentAndHowFarItGot() {
        long text = textCampaign(shop, "Sale <b>today</b>");
        long event = campaign(shop, Map.of("clientIds", List.of("e-1"), "event", "orderPaid", "ratePerSecond", 7));

        JsonNode items = page(shop, "").json().get("items");

        assertThat(items.get(0).get("id").asLong()).isEqualTo(event);
        assertThat(items.get(0).get("event").asText()).isEqualTo("orderPaid");
        assertThat(items.get(0).get("text").isNull()).isTrue();
        assertThat(items.get(0).get("ratePerSecond").asInt()).isEqualTo(7);
        assertThat(items.get(0).get("total").asInt()).isEqualTo(1);
        assertThat(items.get(1).get("id").asLong()).isEqualTo(text);
        assertThat(items.get(1).get("text").asText()).isEqualTo("Sale <b>today</b>");
        assertThat(items.get(1).get("event").isNull()).isTrue();
        assertThat(items.get(1).get("total").asInt()).isEqualTo(2);
        assertThat(items.get(1).get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(items.get(1).get("status").asText()).isIn("RUNNING", "DONE");
        assertThat(items.get(1).get("channelId").asLong()).isEqualTo(shop);
    }

    @Test
    void aChannelWithoutCampaignsHasAnEmptyLastPage() {
        JsonNode empty = page(other, "").json();

        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void aBadCursorOrLimitIsA400NamingIt() {
        for (String query : List.of("?cursor=abc", "?cursor=-3", "?cursor=0", "?cursor=1.5")) {
            Http.Response r = page(shop, query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("message").asText()).as(query).contains("cursor");
        }
        for (String query : List.of("?limit=0", "?limit=101", "?limit=x")) {
            Http.Response r = page(shop, query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("message").asText()).as(query).contains("limit");
        }
    }

    @Test
    void anUnknownChannelIsA404() {
        Http.Response r = page(999_999, "");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("admin.channel.not_found");
    }

    @Test
    void onlyAdminsMayList() {
        String path = "/api/v1/channels/" + shop + "/campaigns";
        assertThat(server.http().get(path).status()).as("no credentials").isEqualTo(401);
        server.http().admin("POST", "/api/v1/accounts",
                Map.of("login", "anna", "password", "correct horse", "name", "Anna", "role", "agent"));
        String anna = server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
        assertThat(server.http().send("GET", path, null, Map.of("Authorization", "Bearer " + anna)).status())
                .as("an agent's session").isEqualTo(403);
        assertThat(server.http().send("GET", path, null, Map.of("Authorization", "Bearer nope")).status())
                .as("an unknown token").isEqualTo(401);
    }
}
