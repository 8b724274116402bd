package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Config;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The whole server runs on PostgreSQL: migrations, the admin API and a conversation turn, over HTTP. */
class ServerOnPostgresTest {

    @Test
    void serverStartsOnPostgresCreatesAChannelAndAnswersASyncTurn() {
        Config config = TestPostgres.newDatabase(TestServer.tempDir());
        try (TestServer server = TestServer.start(config, Clock.systemUTC())) {
            assertThat(server.http().get("/health").json().get("status").asText()).isEqualTo("UP");
            String token = server.channel(Scenarios.SHOP);

            Http.Response turn = server.http().post("/chatapi/" + token,
                    Json.object().put("clientId", "pg-1").put("query", "hello"));

            assertThat(turn.status()).isEqualTo(200);
            assertThat(turn.json().at("/data/answer").asText()).isEqualTo("Hello, friend!");
            JsonNode history = server.http().get("/chatapi/" + token + "/client/pg-1/history").json();
            assertThat(history.get("totalCount").asLong()).isEqualTo(2);
            assertThat(history.at("/messages/0/author").asText()).isEqualTo("CLIENT");
            assertThat(history.at("/messages/1/textMessage").asText()).isEqualTo("Hello, friend!");
        } finally {
            TestPostgres.dropDatabase(config);
        }
    }
}
