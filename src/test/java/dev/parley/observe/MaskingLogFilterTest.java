package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

class MaskingLogFilterTest {

    private static final String TOKEN = "V4QJ0cef:2415f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b";

    /** The shape of Helidon's own warning when a request fails after its answer went out. */
    @Test
    void aRootHandlerWritesHelidonsRequestLineWithTheTokenMasked() {
        Handler handler = new StreamHandler(System.err, new SimpleFormatter());
        Logger.getLogger("").addHandler(handler);
        try {
            MaskingLogFilter.installOnRootHandlers();
            MaskingLogFilter.installOnRootHandlers();
            LogRecord record = new LogRecord(Level.WARNING, "Request failed: {0}, cannot send error response");
            record.setParameters(new Object[] {"GET /chatapi/" + TOKEN + "/events/stream?access_token=abc HTTP/1.1"});

            assertThat(handler.isLoggable(record)).isTrue();

            String line = handler.getFormatter().formatMessage(record);
            assertThat(line).isEqualTo("Request failed: GET /chatapi/V4QJ0cef:…/events/stream?access_token=… HTTP/1.1,"
                    + " cannot send error response");
            assertThat(handler.getFilter()).isInstanceOf(MaskingLogFilter.class);
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }
    }

    @Test
    void aFormattedMessageIsMaskedToo() {
        Handler handler = new StreamHandler(System.err, new SimpleFormatter());
        Logger.getLogger("").addHandler(handler);
        try {
            MaskingLogFilter.installOnRootHandlers();
            LogRecord record = new LogRecord(Level.SEVERE, "Server fault on POST /chatapi/" + TOKEN);

            assertThat(handler.isLoggable(record)).isTrue();
            assertThat(record.getMessage()).isEqualTo("Server fault on POST /chatapi/V4QJ0cef:…");
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }
    }
}
