package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL refuses U+0000 in a text column: a reply or a query that carries one is stored without it. */
class NulTextOnPostgresTest {

    private Config config;
    private TestServer server;
    private HttpServer bot;
    private String token;

    @BeforeEach
    void start() throws IOException {
        config = TestPostgres.newDatabase(TestServer.tempDir());
        server = TestServer.start(config, Clock.systemUTC());
        bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bot.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        bot.createContext("/bot", exchange -> {
            byte[] answer = "{\"replies\": [{\"type\": \"text\", \"text\": \"a\\u0000b\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        bot.start();
        token = server.channel(Json.object().put("name", "nul")
                .set("bot", Json.object().put("type", "http").put("url", "http://127.0.0.1:"
                        + bot.getAddress().getPort() + "/bot")));
    }

    @AfterEach
    void stop() {
        bot.stop(0);
        server.close();
        TestPostgres.dropDatabase(config);
    }

    @Test
    void aSyncTurnWhoseBotRepliesWithANulCharacterAnswersAndStoresTheReplyWithoutIt() {
        Http.Response answer = server.http().post("/chatapi/" + token, Map.of("clientId", "c-1", "query", "x\u0000y"));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode events = server.http().get("/chatapi/" + token + "/client/c-1/history").json();
        assertThat(events.findValuesAsText("textMessage")).containsExactly("x\uFFFDy", "a\uFFFDb");
    }

    @Test
    void anAsyncTurnWhoseBotRepliesWithANulCharacterIsAnsweredAndNoLongerPending() throws Exception {
        Http.Response accepted = server.http().post("/chatapi/" + token + "/async",
                Map.of("clientId", "c-2", "query", "hi"));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);

        String history = "/chatapi/" + token + "/client/c-2/history";
        for (int i = 0; i < 100 && server.http().get(history).json().path("totalCount").asInt() < 2; i++) {
            Thread.sleep(100);
        }
        assertThat(server.http().get(history).json().findValuesAsText("textMessage")).containsExactly("hi", "a\uFFFDb");
    }

    @Test
    void aClientIdOrCidWithANulCharacterIsA400NamingItAndStoresNothing() {
        Http.Response id = server.http().post("/chatapi/" + token, Map.of("clientId", "a\u0000b", "query", "hi"));
        Http.Response cid = server.http().post("/chatapi/" + token + "/async",
                Map.of("clientId", "c-3", "query", "hi", "cid", "tab\u00001"));
        Http.Response events = server.http().get("/chatapi/" + token + "/events?clientId=c-3&cid=tab%001&timeout=0");

        assertThat(id.status()).as(id.text()).isEqualTo(400);
        assertThat(id.json().get("message").asText()).contains("clientId must not contain the NUL character");
        assertThat(cid.status()).as(cid.text()).isEqualTo(400);
        assertThat(cid.json().get("message").asText()).contains("cid must not contain the NUL character");
        assertThat(events.status()).as(events.text()).isEqualTo(400);
        assertThat(server.http().get("/chatapi/" + token + "/client/c-3/history").json().get("totalCount").asInt())
                .isZero();
    }
}
