package dev.parley.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChannelAdminHttpTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Response create(Object body) {
        return server.http().admin("POST", "/api/v1/channels", body);
    }

    @Test
    void createdChannelHasAGeneratedTokenOfTheVendorShapeAndIsConnected() {
        Http.Response created = create(Map.of("name", "Shop", "scenario", Scenarios.SHOP,
                "webhookUrl", "https://example.com/hook", "webhookSecret", "s3cret"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode channel = created.json();
        assertThat(channel.get("token").asText()).matches("[A-Za-z0-9]{8}:[0-9a-f]{40}");
        assertThat(channel.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(channel.get("webhookUrl").asText()).isEqualTo("https://example.com/hook");
        assertThat(channel.has("webhookSecret")).as("secrets are never echoed").isFalse();
        assertThat(channel.get("hasWebhookSecret").asBoolean()).isTrue();
    }

    @Test
    void scenarioMayBeAJsonObject() {
        Map<String, Object> scenario = Map.of("name", "json", "states", Map.of(
                "/CatchAll", java.util.List.of(Map.of("text", "from json"))));
        Http.Response created = create(Map.of("name", "Json", "scenario", scenario));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("token").asText();
        JsonNode reply = server.http().post("/chatapi/" + token, Map.of("clientId", "j", "query", "x")).json();
        assertThat(reply.at("/data/answer").asText()).isEqualTo("from json");
    }

    @Test
    void invalidScenarioIsA422ListingEveryProblem() {
        String broken = """
                name: broken
                states:
                  /Start:
                    - text: "hi"
                    - goto: /Nowhere
                  /Other:
                    - bogus: 1
                """;
        Http.Response response = create(Map.of("name", "Broken", "scenario", broken));

        assertThat(response.status()).isEqualTo(422);
        JsonNode problems = response.json().get("problems");
        assertThat(problems.size()).isGreaterThanOrEqualTo(2);
        assertThat(problems.toString()).contains("/Nowhere").contains("bogus");
        assertThat(server.adminJson("GET", "/api/v1/channels", null).get("items").toString())
                .doesNotContain("Broken");
    }

    @Test
    void chosenTokenIsUsedAndADuplicateIsA409() {
        assertThat(create(Map.of("name", "A", "token", "my-token.1", "scenario", Scenarios.SHOP)).status())
                .isEqualTo(201);
        Http.Response duplicate = create(Map.of("name", "B", "token", "my-token.1", "scenario", Scenarios.SHOP));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(create(Map.of("name", "C", "token", "bad token!", "scenario", Scenarios.SHOP)).status())
                .isEqualTo(400);
    }

    @Test
    void rotatingTheTokenRetiresTheOldOne() {
        JsonNode channel = create(Map.of("name", "Rot", "scenario", Scenarios.SHOP)).json();
        String old = channel.get("token").asText();
        JsonNode rotated = server.adminJson("POST", "/api/v1/channels/" + channel.get("id").asLong() + "/token", null);

        assertThat(rotated.get("token").asText()).isNotEqualTo(old);
        assertThat(server.http().post("/chatapi/" + old, Map.of("clientId", "c", "query", "hi")).status())
                .isEqualTo(404);
        assertThat(server.http().post("/chatapi/" + rotated.get("token").asText(),
                Map.of("clientId", "c", "query", "hi")).status()).isEqualTo(200);
    }

    @Test
    void newScenarioVersionIsServedAtOnce() {
        JsonNode channel = create(Map.of("name", "Ver", "scenario", Scenarios.SHOP)).json();
        String token = channel.get("token").asText();
        String v2 = "name: v2\nstates:\n  /CatchAll:\n    - text: \"version two\"\n";
        Http.Response put = server.http().send("PUT", "/api/v1/channels/" + channel.get("id").asLong() + "/scenario",
                v2, Map.of("Content-Type", "application/yaml", "Authorization", "Bearer " + TestServer.ADMIN_TOKEN));

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("scenarioVersion").asInt()).isEqualTo(2);
        assertThat(server.http().post("/chatapi/" + token, Map.of("clientId", "v", "query", "zzz")).json()
                .at("/data/answer").asText()).isEqualTo("version two");
    }

    @Test
    void patchAndDeleteChangeTheChannel() {
        long id = create(Map.of("name", "Del", "scenario", Scenarios.SHOP)).json().get("id").asLong();
        JsonNode patched = server.http().admin("PATCH", "/api/v1/channels/" + id, Map.of("blockForm", true)).json();
        assertThat(patched.get("blockForm").asBoolean()).isTrue();
        assertThat(patched.get("name").asText()).isEqualTo("Del");

        assertThat(server.http().admin("DELETE", "/api/v1/channels/" + id, null).status()).isEqualTo(204);
        assertThat(server.http().admin("GET", "/api/v1/channels/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void idsAreAsciiDigitsOnly() {
        long id = create(Map.of("name", "Digits", "scenario", Scenarios.SHOP)).json().get("id").asLong();
        assertThat(id).isLessThan(10);

        for (String odd : List.of("%D9%A" + id, "+" + id, "0" + id, "99999999999999999999", "-" + id)) {
            Http.Response response = server.http().admin("GET", "/api/v1/channels/" + odd, null);
            assertThat(response.status()).as(odd).isEqualTo(odd.startsWith("0") ? 200 : 404);
        }
    }

    @Test
    void aScenarioOfNestedYamlAliasesIsRefusedWithoutExpandingIt() {
        StringBuilder bomb = new StringBuilder("name: bomb\na0: &a0 [\"lol\", \"lol\"]\n");
        for (int i = 1; i <= 24; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        bomb.append("states:\n  /CatchAll:\n    - text: \"x\"\ntests:\n  - say: *a24\n");

        Http.Response response = create(Map.of("name", "Bomb", "scenario", bomb.toString()));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.text()).contains("too large");
    }

    @Test
    void adminApiRefusesMissingOrWrongToken() {
        assertThat(server.http().get("/api/v1/channels").status()).isEqualTo(401);
        Http.Response wrong = server.http().send("GET", "/api/v1/channels", null,
                Map.of("Authorization", "Bearer nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("message").asText()).contains("admin token");
    }

    @Test
    void badChannelRequestsAre400WithTheField() {
        Http.Response noName = create(Map.of("scenario", Scenarios.SHOP));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("message").asText()).contains("name");
        Http.Response badHook = create(Map.of("name", "x", "scenario", Scenarios.SHOP, "webhookUrl", "ftp://x"));
        assertThat(badHook.status()).isEqualTo(400);
        assertThat(badHook.json().get("message").asText()).contains("webhookUrl");
    }

    @Test
    void healthIsUpWhenTheStoreAnswers() {
        Http.Response health = server.http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }
}
