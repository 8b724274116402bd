package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server fault on a Chat API path is logged without the channel token, while its caller still sees the path. */
class ServerFaultLogHttpTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new SimpleFormatter().format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(ErrorMapper.class.getName());
    private Path dataDir;
    private TestServer server;

    @BeforeEach
    void start() {
        dataDir = TestServer.tempDir();
        server = TestServer.start(TestServer.config(dataDir), Clock.systemUTC());
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        server.close();
    }

    @Test
    void aServerFaultOnAChatPathLogsTheTokenMasked() throws SQLException {
        String token = server.channel(Scenarios.SHOP);
        String secret = token.substring(token.indexOf(':') + 1);
        breakTheStateTable();

        for (String prefix : List.of("/chatapi/", "/chatadapter/chatapi/")) {
            Http.Response answer = server.http().get(prefix + token + "/client/u-1/state?access_token=s3cr3t");

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.json().get("path").asText()).isEqualTo(prefix + token + "/client/u-1/state");
        }

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("Server fault").contains("/chatapi/" + token.substring(0, 9) + "…/client/u-1/state");
        assertThat(lines.get(1)).contains("/chatadapter/chatapi/" + token.substring(0, 9) + "…/client/u-1/state");
        assertThat(String.join("\n", lines)).contains("client_states").doesNotContain(secret).doesNotContain("s3cr3t");
    }

    /** A fault of the database under the running server: the table a state lookup reads is gone. */
    private void breakTheStateTable() throws SQLException {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
                Statement statement = sqlite.createStatement()) {
            statement.execute("DROP TABLE client_states");
        }
    }
}
