package dev.parley.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import dev.parley.json.Json;
import dev.parley.json.Times;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The admin API for exports: a client's transcript and a channel's messages over a time span. Registered without a
 * prefix: the transcript's path carries a client id, matched on the raw path (see {@link RawPaths}).
 */
public final class ExportRoutes implements HttpService {

    public static final String TRANSCRIPT = "/api/v1/channels/{id}/clients/{clientId}/transcript";
    public static final String EXPORT = "/api/v1/channels/{id}/export";
    /**
     * Channel exports at once: each holds a read connection for as long as its reader takes, so more could starve
     * the chat API of connections.
     */
    static final int MAX_EXPORTS = 2;
    private static final int OUTPUT_BUFFER = 64 * 1024;

    private final ChannelDirectory channels;
    private final ExportStore store;
    private final Handler adminAuth;
    private final Semaphore exports = new Semaphore(MAX_EXPORTS);

    public ExportRoutes(ChannelDirectory channels, ExportStore store, Handler adminAuth) {
        this.channels = channels;
        this.store = store;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(method -> true, RawPaths.matcher(TRANSCRIPT), adminAuth)
                .route(Method.GET, RawPaths.matcher(TRANSCRIPT), this::transcript)
                .any(EXPORT, adminAuth)
                .get(EXPORT, this::export);
    }

    private void transcript(ServerRequest req, ServerResponse res) throws IOException {
        ClientKey key = new ClientKey(channelId(req), Requests.pathParam(req, "clientId"));
        ExportFormat format = ExportFormat.of(Requests.query(req, "format").orElse(""),
                List.of(ExportFormat.JSON, ExportFormat.CSV));
        if (!store.hasClient(key)) {
            throw new ApiException.NotFound("admin.client.not_found", "Client not found in channel "
                    + key.channelId());
        }
        ObjectNode head = Json.object().put("channelId", key.channelId()).put("clientId", key.clientId());
        String name = "channel-" + key.channelId() + "-client-" + FileName.safe(key.clientId());
        stream(res, format, name, head, sink -> store.transcript(key, sink));
    }

    private void export(ServerRequest req, ServerResponse res) throws IOException {
        long channelId = channelId(req);
        ExportFormat format = ExportFormat.of(Requests.query(req, "format").orElse(""),
                List.of(ExportFormat.JSONL, ExportFormat.CSV));
        long from = time(req, "from").orElse(0L);
        long to = time(req, "to").orElse(Long.MAX_VALUE);
        if (from >= to) {
            throw ApiException.BadRequest.admin("to must be after from");
        }
        if (!exports.tryAcquire()) {
            throw new ApiException.TooManyRequests(MAX_EXPORTS + " exports are running; retry when one ends", 10);
        }
        try {
            String name = "channel-" + channelId + "-messages" + FileName.span(from, to);
            stream(res, format, name, Json.object(), sink -> store.span(channelId, from, to, sink));
        } finally {
            exports.release();
        }
    }

    /** How the rows reach the writer. */
    @FunctionalInterface
    private interface Rows {
        void into(ExportStore.Sink sink) throws IOException;
    }

    /**
     * Streams the rows as an attachment. A failure midway leaves the document unfinished and the response without
     * its end (the connection is closed), so no reader takes a partial export for a whole one.
     */
    private static void stream(ServerResponse res, ExportFormat format, String name, ObjectNode head, Rows rows)
            throws IOException {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, format.contentType());
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "." + format.extension()
                + "\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        OutputStream out = new BufferedOutputStream(res.outputStream(), OUTPUT_BUFFER);
        MessageWriter writer = MessageWriter.of(format, out, head);
        rows.into(writer::write);
        writer.finish();
        out.close();
    }

    private long channelId(ServerRequest req) {
        return channels.byId(Requests.idParam(req, "admin.channel.not_found", "Channel")).id();
    }

    private static Optional<Long> time(ServerRequest req, String name) {
        Optional<String> raw = Requests.query(req, name).filter(s -> !s.isBlank());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Times.parse(raw.get()).orElseThrow(() -> ApiException.BadRequest.admin(name
                + " must be epoch milliseconds or an ISO-8601 timestamp such as 2026-01-31T00:00:00Z")));
    }
}
