package dev.parley.observe;

import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Masks credentials in every record that the process's log handlers write, as a net under the lines that mask their
 * own text: Helidon's own warnings quote the request line, and with it the channel token. Stateless, so thread-safe.
 */
public final class MaskingLogFilter implements Filter {

    private final Filter next;

    private MaskingLogFilter(Filter next) {
        this.next = next;
    }

    /** Puts the filter in front of each handler of the root logger, once, keeping the filter a handler had. */
    public static void installOnRootHandlers() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (!(handler.getFilter() instanceof MaskingLogFilter)) {
                handler.setFilter(new MaskingLogFilter(handler.getFilter()));
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getMessage() != null) {
            record.setMessage(LogMask.mask(record.getMessage()));
        }
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof CharSequence text) {
                    parameters[i] = LogMask.mask(text.toString());
                }
            }
        }
        return next == null || next.isLoggable(record);
    }
}
