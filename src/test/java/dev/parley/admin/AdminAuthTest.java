package dev.parley.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.http.ErrorMapper;
import dev.parley.testing.Http;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AdminAuth} alone, on a real server whose one route answers the {@link Actor} it was given; sessions come
 * from a fixed map instead of the database.
 */
class AdminAuthTest {

    private static final Map<String, AdminAuth.Session> SESSIONS = Map.of(
            "admin-session", new AdminAuth.Session(7, true),
            "agent-session", new AdminAuth.Session(8, false));

    private WebServer server;
    private Http http;

    @BeforeEach
    void start() {
        AdminAuth auth = new AdminAuth("the-admin-token", token -> Optional.ofNullable(SESSIONS.get(token)));
        HttpRouting.Builder routing = HttpRouting.builder();
        new ErrorMapper(Clock.systemUTC()).register(routing);
        routing.any("/who", auth).get("/who", (req, res) -> res.send(Actor.of(req).label()));
        server = WebServer.builder().port(0).routing(routing).build().start();
        http = new Http("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Http.Response who(String authorization) {
        return http.send("GET", "/who", null, authorization.isEmpty() ? Map.of()
                : Map.of("Authorization", authorization));
    }

    @Test
    void theAdminTokenActsAsTheAdminTokenAndAnAdminSessionAsItsAccount() {
        assertThat(who("Bearer the-admin-token").text()).isEqualTo("admin-token");
        assertThat(who("bearer  the-admin-token ").text()).isEqualTo("admin-token");
        assertThat(who("Bearer admin-session").text()).isEqualTo("account:7");
    }

    @Test
    void noOrAnUnknownCredentialIs401AndAnAgentSessionIs403() {
        for (String header : new String[] {"", "Bearer ", "Basic the-admin-token", "Bearer the-admin-token2",
                "Bearer gone-session"}) {
            Http.Response r = who(header);
            assertThat(r.status()).as(header).isEqualTo(401);
            assertThat(r.json().get("error").asText()).isEqualTo("auth.unauthorized");
        }
        Http.Response agent = who("Bearer agent-session");
        assertThat(agent.status()).isEqualTo(403);
        assertThat(agent.json().get("error").asText()).isEqualTo("auth.forbidden");
    }
}
