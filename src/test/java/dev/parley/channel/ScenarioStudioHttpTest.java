package dev.parley.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The channels view and the scenario studio's validate, versions and restore, through the real server. */
class ScenarioStudioHttpTest {

    /** A scenario with a broken goto on line 5 and two tests, the second of which fails. */
    private static final String BROKEN = """
            name: broken
            states:
              /Start:
                - text: "hi"
                - goto: /Nowhere
              /Hello:
                - intent: {patterns: ["hello"]}
                - text: "Hello!"
            tests:
              - say: "hello"
                expect: {state: /Hello}
              - say: "hello"
                expect: {answer: "Goodbye"}
            """;
    private static final String V1 = """
            name: v
            states:
              /CatchAll:
                - text: "one"
            """;
    private static final String V2 = V1.replace("\"one\"", "\"two\"");
    private static final String V3 = V1.replace("\"one\"", "\"three\"");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long create(String scenario) {
        Http.Response created = server.http().admin("POST", "/api/v1/channels", Map.of("name", "Studio",
                "scenario", scenario));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static Http.Response yaml(String method, String path, String body) {
        return server.http().send(method, path, body, Map.of("Content-Type", "application/yaml",
                "Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
    }

    private static List<Long> versions(long id) {
        List<Long> versions = new ArrayList<>();
        server.adminJson("GET", "/api/v1/channels/" + id + "/scenario/versions", null).get("items")
                .forEach(item -> versions.add(item.get("version").asLong()));
        return versions;
    }

    /** Each new endpoint with a request that would succeed with credentials. */
    private static List<String[]> newEndpoints(long id) {
        return List.of(new String[] {"POST", "/api/v1/channels/" + id + "/scenario/validate"},
                new String[] {"GET", "/api/v1/channels/" + id + "/scenario/versions"},
                new String[] {"GET", "/api/v1/channels/" + id + "/scenario/versions/1"},
                new String[] {"POST", "/api/v1/channels/" + id + "/scenario/versions/1/restore"},
                new String[] {"POST", "/api/v1/channels/" + id + "/try"},
                new String[] {"POST", "/api/v1/channels/" + id + "/webhook/test"},
                new String[] {"GET", "/api/v1/scenario-templates/demo"});
    }

    @Test
    void everyNewEndpointIsA401WithoutCredentialsAndChangesNothing() {
        long id = create(V1);
        for (String[] endpoint : newEndpoints(id)) {
            Http.Response response = server.http().send(endpoint[0], endpoint[1], "{\"clientId\": \"x\", \"query\": \"hi\"}",
                    Map.of("Content-Type", "application/json"));
            assertThat(response.status()).as(endpoint[1]).isEqualTo(401);
            assertThat(response.json().get("status").asInt()).isEqualTo(401);
        }
        assertThat(versions(id)).containsExactly(1L);
    }

    @Test
    void listAndGetShowClientsLastActivityProblemsAndTheBotKind() {
        long id = create(Scenarios.SHOP);
        JsonNode fresh = server.adminJson("GET", "/api/v1/channels/" + id, null);
        assertThat(fresh.get("clients").asLong()).isZero();
        assertThat(fresh.get("lastActivityAt").isNull()).isTrue();
        assertThat(fresh.get("problems").size()).isZero();
        assertThat(fresh.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(fresh.get("bot")).isEqualTo(Json.object().put("type", "scenario"));

        String token = fresh.get("token").asText();
        server.http().post("/chatapi/" + token, Map.of("clientId", "ann", "query", "hello"));
        server.http().post("/chatapi/" + token, Map.of("clientId", "bob", "query", "hello"));

        JsonNode listed = find(server.adminJson("GET", "/api/v1/channels", null), id);
        assertThat(listed.get("clients").asLong()).isEqualTo(2);
        assertThat(listed.get("lastActivityAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id, null).get("clients").asLong()).isEqualTo(2);
    }

    @Test
    void anExternalBotChannelShowsItsUrl() {
        long id = create("bot: {type: http, url: \"http://127.0.0.1:9/bot\"}");
        JsonNode channel = find(server.adminJson("GET", "/api/v1/channels", null), id);
        assertThat(channel.get("bot")).isEqualTo(Json.object().put("type", "http").put("url", "http://127.0.0.1:9/bot"));
        assertThat(channel.get("status").asText()).as("an unreachable bot is no save-time problem").isEqualTo("CONNECTED");
    }

    @Test
    void aWebhookTheOutboundPolicyNowRefusesIsAProblemThatKeepsTheChannelFromConnecting() {
        Path dataDir = TestServer.tempDir();
        long id;
        try (TestServer lenient = TestServer.start(TestServer.config(dataDir), Clock.systemUTC())) {
            Http.Response created = lenient.http().admin("POST", "/api/v1/channels", Map.of("name", "Hooked",
                    "scenario", V1, "webhookUrl", "http://127.0.0.1:9/hook"));
            id = created.json().get("id").asLong();
            assertThat(created.json().get("status").asText()).isEqualTo("CONNECTED");
            lenient.stopKeepingData();
            try (TestServer strict = TestServer.start(TestServer.config(dataDir,
                    Map.of("PARLEY_HTTP_ALLOW_PRIVATE", "false")), Clock.systemUTC())) {
                JsonNode channel = strict.adminJson("GET", "/api/v1/channels/" + id, null);
                assertThat(channel.get("status").asText()).isEqualTo("NOT_CONNECTED");
                assertThat(channel.get("problems").get(0).asText()).startsWith("webhookUrl is refused: ")
                        .contains("loopback");
                assertThat(find(strict.adminJson("GET", "/api/v1/channels", null), id).get("problems").size())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void validateReportsEveryProblemAtItsLineRunsTheTestsAndDeploysNothing() {
        long id = create(V1);

        Http.Response response = yaml("POST", "/api/v1/channels/" + id + "/scenario/validate", BROKEN);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("valid").asBoolean()).isFalse();
        JsonNode nowhere = first(body.get("problems"), "/Nowhere");
        assertThat(nowhere.get("line").asInt()).isEqualTo(5);
        assertThat(nowhere.get("state").asText()).isEqualTo("/Start");
        JsonNode tests = body.get("tests");
        assertThat(tests.size()).isEqualTo(2);
        assertThat(tests.get(0)).isEqualTo(Json.object().put("index", 1).put("say", "hello").put("ok", true)
                .put("message", ""));
        assertThat(tests.get(1).get("ok").asBoolean()).isFalse();
        assertThat(tests.get(1).get("message").asText()).contains("expected answer \"Goodbye\"");
        assertThat(first(body.get("problems"), "test 2").get("line").asInt()).as("the step's line").isEqualTo(12);

        assertThat(versions(id)).containsExactly(1L);
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id, null).get("scenario").asText()).isEqualTo(V1);
    }

    @Test
    void aValidScenarioValidatesAsJsonToo() {
        long id = create(V1);
        Http.Response response = server.http().admin("POST", "/api/v1/channels/" + id + "/scenario/validate",
                Map.of("name", "json", "states", Map.of("/CatchAll", List.of(Map.of("text", "ok")))));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(Json.mapper().createObjectNode().put("valid", true)
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("problems", Json.mapper().createArrayNode())
                .set("tests", Json.mapper().createArrayNode()));
        assertThat(versions(id)).containsExactly(1L);
    }

    @Test
    void textThatIsNotYamlIsInvalidNotAnError() {
        long id = create(V1);
        Http.Response response = yaml("POST", "/api/v1/channels/" + id + "/scenario/validate", "{[: not yaml");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("valid").asBoolean()).isFalse();
        assertThat(response.json().get("problems").size()).isPositive();
    }

    @Test
    void validateRefusesBadInputWithA4xx() {
        long id = create(V1);
        assertThat(yaml("POST", "/api/v1/channels/999999/scenario/validate", V1).status()).isEqualTo(404);
        Http.Response malformed = server.http().admin("POST", "/api/v1/channels/" + id + "/scenario/validate",
                "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).contains("malformed JSON");
    }

    @Test
    void everyDeployIsAVersionListedNewestFirstWithTheCurrentOne() {
        long id = create(V1);
        assertThat(yaml("PUT", "/api/v1/channels/" + id + "/scenario", V2).status()).isEqualTo(200);
        assertThat(server.http().admin("PATCH", "/api/v1/channels/" + id, Map.of("scenario", V3)).status())
                .isEqualTo(200);
        assertThat(server.http().admin("PATCH", "/api/v1/channels/" + id, Map.of("name", "Renamed")).status())
                .as("a change without a scenario is no new version").isEqualTo(200);
        assertThat(yaml("PUT", "/api/v1/channels/" + id + "/scenario", BROKEN).status())
                .as("an invalid scenario is no version").isEqualTo(422);

        JsonNode items = server.adminJson("GET", "/api/v1/channels/" + id + "/scenario/versions", null).get("items");

        assertThat(versions(id)).containsExactly(3L, 2L, 1L);
        assertThat(items.get(0).get("current").asBoolean()).isTrue();
        assertThat(items.get(1).get("current").asBoolean()).isFalse();
        assertThat(items.get(2).get("current").asBoolean()).isFalse();
        assertThat(items.get(0).get("createdBy").asText()).isEqualTo("admin-token");
        assertThat(items.get(0).get("createdAt").asText()).endsWith("Z");
        JsonNode first = server.adminJson("GET", "/api/v1/channels/" + id + "/scenario/versions/1", null);
        assertThat(first.get("version").asLong()).isEqualTo(1);
        assertThat(first.get("source").asText()).isEqualTo(V1);
        assertThat(first.get("createdBy").asText()).isEqualTo("admin-token");
    }

    @Test
    void restoreDeploysTheOldSourceAsANewCurrentVersion() {
        long id = create(V1);
        yaml("PUT", "/api/v1/channels/" + id + "/scenario", V2);

        Http.Response restored = server.http().admin("POST", "/api/v1/channels/" + id + "/scenario/versions/1/restore",
                null);

        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json().get("scenarioVersion").asLong()).isEqualTo(3);
        assertThat(versions(id)).containsExactly(3L, 2L, 1L);
        assertThat(server.adminJson("GET", "/api/v1/channels/" + id + "/scenario/versions/3", null)
                .get("source").asText()).isEqualTo(V1);
        String token = restored.json().get("token").asText();
        assertThat(server.http().post("/chatapi/" + token, Map.of("clientId", "c", "query", "x")).json()
                .at("/data/answer").asText()).isEqualTo("one");
    }

    @Test
    void unknownVersionsAndThoseOfAnotherChannelAreNotFound() {
        long id = create(V1);
        long other = create(V1);
        yaml("PUT", "/api/v1/channels/" + other + "/scenario", V2);
        String base = "/api/v1/channels/" + id + "/scenario/versions/";

        assertThat(server.http().admin("GET", base + "2", null).status()).as("channel %d has no version 2", id)
                .isEqualTo(404);
        assertThat(server.http().admin("POST", base + "2/restore", null).status()).isEqualTo(404);
        assertThat(server.http().admin("GET", base + "abc", null).status()).isEqualTo(404);
        assertThat(server.http().admin("POST", base + "-1/restore", null).status()).isEqualTo(404);
        assertThat(server.http().admin("GET", "/api/v1/channels/999999/scenario/versions", null).status())
                .isEqualTo(404);
        Http.Response notFound = server.http().admin("POST", base + "2/restore", null);
        assertThat(notFound.json().get("error").asText()).isEqualTo("admin.scenario_version.not_found");
        assertThat(versions(id)).containsExactly(1L);
    }

    @Test
    void theDemoTemplateIsTheDemoScenario() {
        JsonNode demo = server.adminJson("GET", "/api/v1/scenario-templates/demo", null);
        assertThat(demo.get("name").asText()).isEqualTo("demo");
        assertThat(demo.get("source").asText()).contains("name: demo").contains("/Start:");
        long id = create(demo.get("source").asText());
        assertThat(id).as("the template deploys as it is").isPositive();
        assertThat(server.http().admin("GET", "/api/v1/scenario-templates/nope", null).status()).isEqualTo(404);
    }

    private static JsonNode find(JsonNode list, long id) {
        for (JsonNode item : list.get("items")) {
            if (item.get("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("channel " + id + " not listed: " + list);
    }

    private static JsonNode first(JsonNode problems, String containing) {
        for (JsonNode problem : problems) {
            if (problem.get("message").asText().contains(containing)) {
                return problem;
            }
        }
        throw new AssertionError("no problem mentions " + containing + ": " + problems);
    }
}
