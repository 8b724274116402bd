package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.ManualClock;
import dev.parley.testing.RawHttp;
import io.helidon.webserver.WebServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * During a database outage every request answers 503, but the log gets one line per kind of failure every
 * {@link ErrorMapper#UNAVAILABLE_LOG_INTERVAL}, counting the requests it held back, and never a channel's secret.
 */
class UnavailableLogHttpTest {

    private static final String TOKEN = "AbCd1234:s3cretS3cretS3cret";

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
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private WebServer server;

    @BeforeEach
    void start() {
        ErrorMapper errors = new ErrorMapper(clock);
        server = WebServer.builder().port(0).host("127.0.0.1").routing(routing -> {
            routing.get("/chatapi/{token}/client/{id}/history", (req, res) -> {
                throw new IllegalStateException("lookup of " + TOKEN + " failed",
                        new SQLiteException("[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL));
            });
            errors.register(routing);
        }).build().start();
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        server.stop();
    }

    @Test
    void anOutageLogsOneMaskedLinePerIntervalWithTheCountOfRequestsHeldBack() {
        for (int i = 0; i < 5; i++) {
            assertThat(history().status()).isEqualTo(503);
        }
        clock.advance(ErrorMapper.UNAVAILABLE_LOG_INTERVAL.minusMillis(1));
        assertThat(history().status()).isEqualTo(503);
        assertThat(lines).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(history().status()).isEqualTo(503);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("Database unavailable on GET /chatapi/AbCd1234:…/client/c-1/history")
                .contains("SQLITE_FULL").doesNotContain("more requests");
        assertThat(lines.get(1)).contains("and on 5 more requests since the last such line");
        assertThat(String.join("\n", lines)).doesNotContain("s3cret");
    }

    private RawHttp.Response history() {
        return RawHttp.exchange(server.port(), "GET /chatapi/" + TOKEN + "/client/c-1/history HTTP/1.1\r\n"
                + "Host: a\r\nConnection: close\r\n\r\n");
    }
}
