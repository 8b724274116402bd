package dev.parley.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accounts admin API, admin sessions on the admin API, and what roles and deactivation do to sessions. */
class AccountsHttpTest {

    private static final String PASSWORD = "correct horse";

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Creates an account with the admin token and returns its id. */
    private long account(String login, String role) {
        Http.Response created = server.http().admin("POST", "/api/v1/accounts",
                Map.of("login", login, "password", PASSWORD, "name", "N " + login, "role", role));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private Http.Response login(String login) {
        return server.http().post("/api/v1/agent/login", Map.of("login", login, "password", PASSWORD));
    }

    private String token(String login) {
        Http.Response in = login(login);
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        return in.json().get("token").asText();
    }

    private Http.Response as(String token, String method, String target, Object body) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        if (!token.isEmpty()) {
            headers.put("Authorization", "Bearer " + token);
        }
        return server.http().send(method, target, body, headers);
    }

    /** One call of each accounts endpoint, on the account {@code id}. */
    private List<Http.Response> everyEndpoint(String token, long id, String newLogin) {
        return List.of(
                as(token, "POST", "/api/v1/accounts",
                        Map.of("login", newLogin, "password", PASSWORD, "name", "New", "role", "agent")),
                as(token, "GET", "/api/v1/accounts", null),
                as(token, "PATCH", "/api/v1/accounts/" + id, Map.of("name", "Renamed")),
                as(token, "DELETE", "/api/v1/accounts/" + id, null));
    }

    private JsonNode listed(long id) {
        for (JsonNode a : server.adminJson("GET", "/api/v1/accounts", null).get("items")) {
            if (a.get("id").asLong() == id) {
                return a;
            }
        }
        return null;
    }

    @Test
    void everyAccountsEndpointRefusesMissingOrForgedCredentialsWith401() {
        long id = account("anna", "agent");
        for (String token : List.of("", "forged")) {
            assertThat(everyEndpoint(token, id, "x1")).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.json().get("error").asText()).isEqualTo("auth.unauthorized");
            });
        }
        assertThat(listed(id).get("name").asText()).as("nothing changed").isEqualTo("N anna");
    }

    @Test
    void anAgentSessionIsForbiddenOnEveryAdminEndpointOldAndNew() {
        long id = account("anna", "agent");
        String anna = token("anna");
        assertThat(everyEndpoint(anna, id, "x1")).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("error").asText()).isEqualTo("auth.forbidden");
        });
        assertThat(as(anna, "GET", "/api/v1/channels", null).status()).isEqualTo(403);
        assertThat(as(anna, "POST", "/api/v1/agents", Map.of("login", "x2", "password", PASSWORD, "name", "X"))
                .status()).isEqualTo(403);
        assertThat(as(anna, "GET", "/api/v1/campaigns/1", null).status()).isEqualTo(403);
        assertThat(as(anna, "POST", "/api/v1/dead-letters/1/redeliver", null).status()).isEqualTo(403);
        assertThat(listed(id).get("name").asText()).isEqualTo("N anna");
        assertThat(server.adminJson("GET", "/api/v1/accounts", null).get("items")).hasSize(1);
    }

    @Test
    void theAdminTokenCreatesTheFirstAdminWhoseSessionThenManagesAccounts() {
        Http.Response first = server.http().admin("POST", "/api/v1/accounts",
                Map.of("login", "root", "password", PASSWORD, "name", "Root", "role", "admin"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("id", "login", "name", "role", "active");
        assertThat(first.json().get("role").asText()).isEqualTo("admin");
        assertThat(first.json().get("active").asBoolean()).isTrue();
        assertThat(first.text()).doesNotContain(PASSWORD).doesNotContain("password").doesNotContain("hash");
        String root = token("root");

        Http.Response created = as(root, "POST", "/api/v1/accounts",
                Map.of("login", "bob", "password", PASSWORD, "name", "Bob", "role", "agent"));
        assertThat(created.status()).isEqualTo(201);
        long bob = created.json().get("id").asLong();
        Http.Response list = as(root, "GET", "/api/v1/accounts", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(2);
        assertThat(list.text()).doesNotContain("hash").doesNotContain("password");

        Http.Response patched = as(root, "PATCH", "/api/v1/accounts/" + bob,
                Map.of("name", "Robert", "password", "another secret", "role", "admin", "active", true));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("Robert");
        assertThat(patched.json().get("role").asText()).isEqualTo("admin");
        assertThat(server.http().post("/api/v1/agent/login", Map.of("login", "bob", "password", "another secret"))
                .json().get("role").asText()).as("the new password works").isEqualTo("admin");
        assertThat(login("bob").status()).as("the old one does not").isEqualTo(401);

        assertThat(as(root, "DELETE", "/api/v1/accounts/" + bob, null).status()).isEqualTo(204);
        assertThat(listed(bob)).isNull();
        assertThat(as(root, "DELETE", "/api/v1/accounts/" + bob, null).status()).isEqualTo(404);
    }

    @Test
    void theAdminTokenIsAllowedOnEveryAccountsEndpoint() {
        long id = account("anna", "agent");
        assertThat(everyEndpoint(TestServer.ADMIN_TOKEN, id, "x1")).extracting(Http.Response::status)
                .containsExactly(201, 200, 200, 204);
    }

    @Test
    void anAdminSessionIsAllowedOnEveryAccountsEndpointAndTheExistingAdminApi() {
        account("root", "admin");
        long id = account("anna", "agent");
        String root = token("root");
        assertThat(everyEndpoint(root, id, "x1")).extracting(Http.Response::status)
                .containsExactly(201, 200, 200, 204);

        Http.Response channel = as(root, "POST", "/api/v1/channels", Json.object().put("name", "c")
                .put("scenario", "name: s\nstates:\n  /CatchAll:\n    - text: hi\n"));
        assertThat(channel.status()).as(channel.text()).isEqualTo(201);
        assertThat(as(root, "GET", "/api/v1/channels", null).json().get("items")).hasSize(1);
        assertThat(as(root, "GET", "/api/v1/agents", null).status()).isEqualTo(200);
        assertThat(as(root, "GET", "/api/v1/campaigns/999", null).status()).as("past auth").isEqualTo(404);
    }

    @Test
    void badInputIs400NamingTheFieldAndChangesNothing() {
        long id = account("anna", "agent");
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("login", "bo b", "password", PASSWORD, "name", "B", "role", "agent"), "login",
                Map.of("login", "bob", "password", "short", "name", "B", "role", "agent"), "password",
                Map.of("login", "bob", "password", PASSWORD, "name", " ", "role", "agent"), "name",
                Map.of("login", "bob", "password", PASSWORD, "name", "B", "role", "root"), "role",
                Map.of("login", "bob", "password", PASSWORD, "name", "B"), "role");
        bad.forEach((body, field) -> {
            Http.Response r = server.http().admin("POST", "/api/v1/accounts", body);
            assertThat(r.status()).as(body.toString()).isEqualTo(400);
            assertThat(r.json().get("message").asText()).contains(field);
        });
        Map<Map<String, Object>, String> badChanges = Map.of(Map.of("role", "Admin"), "role",
                Map.of("active", "no"), "active", Map.of("name", ""), "name", Map.of("password", "1234567"), "password",
                Map.of("name", 5), "name");
        badChanges.forEach((body, field) -> {
            Http.Response r = server.http().admin("PATCH", "/api/v1/accounts/" + id, body);
            assertThat(r.status()).as(body.toString()).isEqualTo(400);
            assertThat(r.json().get("message").asText()).contains(field);
        });
        assertThat(server.http().admin("PATCH", "/api/v1/accounts/" + id, "[1]").status()).isEqualTo(400);
        assertThat(server.http().admin("PATCH", "/api/v1/accounts/" + id, "{").status()).isEqualTo(400);
        assertThat(server.http().admin("POST", "/api/v1/accounts", Map.of("login", "anna", "password", PASSWORD,
                "name", "Again", "role", "admin")).status()).as("login taken").isEqualTo(409);
        assertThat(server.http().admin("PATCH", "/api/v1/accounts/999", Map.of("name", "X")).status()).isEqualTo(404);
        assertThat(server.http().admin("PATCH", "/api/v1/accounts/abc", Map.of("name", "X")).status()).isEqualTo(404);
        assertThat(server.http().admin("DELETE", "/api/v1/accounts/999", null).status()).isEqualTo(404);

        JsonNode items = server.adminJson("GET", "/api/v1/accounts", null).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("name").asText()).isEqualTo("N anna");
        assertThat(items.get(0).get("role").asText()).isEqualTo("agent");
        assertThat(token("anna")).as("the password is unchanged").isNotEmpty();
    }

    @Test
    void theLastActiveAdminCannotBeDemotedDeactivatedOrDeleted() {
        long root = account("root", "admin");
        String session = token("root");
        for (Http.Response r : List.of(
                server.http().admin("PATCH", "/api/v1/accounts/" + root, Map.of("role", "agent")),
                server.http().admin("PATCH", "/api/v1/accounts/" + root, Map.of("active", false)),
                as(session, "DELETE", "/api/v1/accounts/" + root, null))) {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("error").asText()).isEqualTo("admin.account.last_admin");
        }
        assertThat(listed(root).get("role").asText()).isEqualTo("admin");
        assertThat(listed(root).get("active").asBoolean()).isTrue();

        long second = account("second", "admin");
        assertThat(as(session, "PATCH", "/api/v1/accounts/" + root, Map.of("role", "agent")).status())
                .as("another admin is active").isEqualTo(200);
        assertThat(as(session, "GET", "/api/v1/accounts", null).status()).as("a demoted admin's session at once")
                .isEqualTo(403);
        assertThat(server.http().admin("PATCH", "/api/v1/accounts/" + second, Map.of("active", false)).status())
                .isEqualTo(409);
        assertThat(server.http().admin("PATCH", "/api/v1/accounts/" + second, Map.of("name", "Still admin"))
                .status()).as("other changes of the last admin are fine").isEqualTo(200);
    }

    @Test
    void aDeactivatedAdminIsNoActiveAdminAndCanBeDeleted() {
        account("root", "admin");
        long spare = account("spare", "admin");
        assertThat(server.http().admin("PATCH", "/api/v1/accounts/" + spare, Map.of("active", false)).status())
                .isEqualTo(200);
        assertThat(login("spare").status()).isEqualTo(401);
        assertThat(server.http().admin("DELETE", "/api/v1/accounts/" + spare, null).status()).isEqualTo(204);
    }

    @Test
    void deactivatingAnAccountEndsItsSessionsAndItsOpenStreamAtOnce() throws Exception {
        long id = account("anna", "agent");
        String anna = token("anna");
        String other = token("anna");
        BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + server.port() + "/api/v1/agent/stream?access_token=" + anna)).build(),
                    HttpResponse.BodyHandlers.ofByteArrayConsumer(bytes -> bytes.ifPresent(
                            chunk -> chunks.add(new String(chunk, StandardCharsets.UTF_8)))));
            assertThat(chunks.poll(10, TimeUnit.SECONDS)).as("the stream opened").contains("connected");
            assertThat(stream).isNotDone();

            Http.Response off = server.http().admin("PATCH", "/api/v1/accounts/" + id, Map.of("active", false));

            assertThat(off.status()).isEqualTo(200);
            assertThat(off.json().get("active").asBoolean()).isFalse();
            assertThat(stream.get(5, TimeUnit.SECONDS).statusCode()).as("the stream ended, well before a heartbeat")
                    .isEqualTo(200);
            assertThat(chunks).noneMatch(c -> c.contains("sessions-ended"));
        }
        assertThat(as(anna, "GET", "/api/v1/agent/conversations", null).status()).isEqualTo(401);
        assertThat(as(other, "GET", "/api/v1/agent/conversations", null).status()).isEqualTo(401);
        assertThat(login("anna").status()).as("a deactivated account cannot log in").isEqualTo(401);

        assertThat(server.http().admin("PATCH", "/api/v1/accounts/" + id, Map.of("active", true)).status())
                .isEqualTo(200);
        assertThat(as(anna, "GET", "/api/v1/agent/conversations", null).status())
                .as("reactivating opens no old session").isEqualTo(401);
        assertThat(as(token("anna"), "GET", "/api/v1/agent/conversations", null).status()).isEqualTo(200);
    }

    @Test
    void deletingAnAdminEndsItsSessionOnTheAdminApi() {
        account("root", "admin");
        long spare = account("spare", "admin");
        String session = token("spare");
        assertThat(as(session, "GET", "/api/v1/accounts", null).status()).isEqualTo(200);

        assertThat(server.http().admin("DELETE", "/api/v1/accounts/" + spare, null).status()).isEqualTo(204);

        assertThat(as(session, "GET", "/api/v1/accounts", null).status()).isEqualTo(401);
        assertThat(as(session, "GET", "/api/v1/channels", null).status()).isEqualTo(401);
    }

    @Test
    void aNewPasswordSignsOutWhoeverSignedInWithTheOldOne() {
        long anna = account("anna-pw", "agent");
        String session = token("anna-pw");
        assertThat(as(session, "GET", "/api/v1/agent/conversations", null).status()).isEqualTo(200);

        Http.Response changed = server.http().admin("PATCH", "/api/v1/accounts/" + anna,
                Map.of("password", "another long password"));

        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(as(session, "GET", "/api/v1/agent/conversations", null).status()).isEqualTo(401);
        assertThat(login("anna-pw").status()).as("the old password").isEqualTo(401);
        assertThat(server.http().post("/api/v1/agent/login", Map.of("login", "anna-pw", "password",
                "another long password")).status()).isEqualTo(200);
    }

    @Test
    void loginAnswersTheRoleForBothRoles() {
        long admin = account("root", "admin");
        long agent = account("anna", "agent");
        JsonNode root = login("root").json();
        JsonNode anna = login("anna").json();
        assertThat(root.get("role").asText()).isEqualTo("admin");
        assertThat(root.at("/agent/id").asLong()).isEqualTo(admin);
        assertThat(root.at("/agent/name").asText()).isEqualTo("N root");
        assertThat(anna.get("role").asText()).isEqualTo("agent");
        assertThat(anna.at("/agent/id").asLong()).isEqualTo(agent);
        assertThat(anna.get("token").asText()).isNotBlank();
    }

    @Test
    void theAgentsEndpointsShowAndDeleteOnlyAgents() {
        long admin = account("root", "admin");
        long spare = account("spare", "admin");
        Http.Response created = server.http().admin("POST", "/api/v1/agents",
                Map.of("login", "anna", "password", PASSWORD, "name", "Anna"));
        assertThat(created.json().properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("id", "login", "name");
        assertThat(listed(created.json().get("id").asLong()).get("role").asText()).isEqualTo("agent");

        JsonNode agents = server.adminJson("GET", "/api/v1/agents", null).get("items");
        assertThat(agents).hasSize(1);
        assertThat(agents.get(0).get("login").asText()).isEqualTo("anna");
        assertThat(server.http().admin("DELETE", "/api/v1/agents/" + spare, null).status()).isEqualTo(404);
        assertThat(listed(spare)).isNotNull();
        assertThat(listed(admin)).isNotNull();
    }

    @Test
    void anAdminTakesAndAnswersConversationsLikeAnAgent() {
        account("root", "admin");
        String root = token("root");
        String path = "/chatapi/" + server.channel(Json.object().put("name", "s").put("scenario", AgentHttpTest.SUPPORT));
        JsonNode handOff = server.http().post(path, Map.of("clientId", "c-1", "query", "operator")).json();
        assertThat(handOff.at("/data/answer").asText()).as("an admin is online").isEqualTo("Connecting you to a person");
        long id = as(root, "GET", "/api/v1/agent/conversations", null).json().at("/items/0/id").asLong();

        assertThat(as(root, "POST", "/api/v1/agent/conversations/" + id + "/accept", null).json().get("status")
                .asText()).isEqualTo("ASSIGNED");
        assertThat(as(root, "POST", "/api/v1/agent/conversations/" + id + "/messages", Map.of("text", "Hi, admin here"))
                .status()).isEqualTo(201);
        assertThat(as(root, "GET", "/api/v1/agent/conversations?status=ASSIGNED", null).json().get("items"))
                .hasSize(1);
    }

    @Test
    void aDeactivatedAgentsOpenConversationsGoBackToTheQueue() {
        long id = account("anna", "agent");
        String anna = token("anna");
        String path = "/chatapi/" + server.channel(Json.object().put("name", "s").put("scenario", AgentHttpTest.SUPPORT));
        server.http().post(path, Map.of("clientId", "c-1", "query", "operator"));
        long conversation = as(anna, "GET", "/api/v1/agent/conversations", null).json().at("/items/0/id").asLong();
        as(anna, "POST", "/api/v1/agent/conversations/" + conversation + "/accept", null);

        server.http().admin("PATCH", "/api/v1/accounts/" + id, Map.of("active", false));

        account("bob", "agent");
        JsonNode queued = as(token("bob"), "GET", "/api/v1/agent/conversations", null).json().get("items");
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).get("status").asText()).isEqualTo("QUEUED");
    }
}
