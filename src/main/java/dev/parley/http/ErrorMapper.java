package dev.parley.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.json.Json;
import dev.parley.json.Times;
import dev.parley.observe.LogMask;
import dev.parley.store.DatabaseErrors;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place where failures become HTTP answers: every 4xx and 5xx body has the Chat API's error shape. A database
 * that is unavailable (see {@link DatabaseErrors}) answers {@code 503} with {@code Retry-After}: the client should
 * retry, on this node or another. Other unknown exceptions are logged with an id that the 500 body carries, and never
 * leak a stack trace. Thread-safe.
 */
public final class ErrorMapper {

    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

    /** How long a client should wait before it retries a request that met an unavailable database. */
    static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    /** At most one line per kind of unavailability this often; the line counts the requests not logged. */
    static final Duration UNAVAILABLE_LOG_INTERVAL = Duration.ofSeconds(10);

    private final Clock clock;
    private final LogThrottle unavailableLog;

    public ErrorMapper(Clock clock) {
        this.clock = clock;
        this.unavailableLog = new LogThrottle(clock, UNAVAILABLE_LOG_INTERVAL);
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> send(req, res, e.status(), e.code(), e.getMessage(), e));
        routing.error(HttpException.class, (req, res, e) -> send(req, res, e.status().code(),
                "http." + e.status().code(), e.getMessage(), null));
        routing.error(Exception.class, this::serverFault);
    }

    private void serverFault(ServerRequest req, ServerResponse res, Exception e) {
        Optional<Throwable> unavailable = DatabaseErrors.unavailability(e);
        if (unavailable.isPresent()) {
            unavailable(req, res, unavailable.get());
            return;
        }
        String id = UUID.randomUUID().toString();
        // the body below keeps the full path, as its reader sent the token; the log's readers must not see it
        String path = path(req);
        LOG.log(System.Logger.Level.ERROR, "Server fault " + id + " on " + req.prologue().method().text() + " "
                + LogMask.mask(path), LogMask.thrown(e, path));
        send(req, res, 500, "server.fault", "Internal server error; reference " + id, null);
    }

    /**
     * No stack trace, and at most a line per kind of cause every few seconds: during an outage every request fails the
     * same way, and the log must stay readable (and its disk not fill).
     */
    private void unavailable(ServerRequest req, ServerResponse res, Throwable cause) {
        String path = path(req);
        unavailableLog.permit(cause.getClass().getName()).ifPresent(suppressed -> LOG.log(System.Logger.Level.WARNING,
                "Database unavailable on " + req.prologue().method().text() + " " + LogMask.mask(path) + ": "
                        + LogMask.thrown(cause, path) + (suppressed == 0 ? ""
                        : " (and on " + suppressed + " more requests since the last such line)")));
        ApiException.Unavailable answer = new ApiException.Unavailable(
                "The database is unavailable; retry in a few seconds", UNAVAILABLE_RETRY_AFTER_SECONDS);
        send(req, res, answer.status(), answer.code(), answer.getMessage(), answer);
    }

    /** Writes an error body; also used by handlers that answer an error without throwing. */
    public void send(ServerRequest req, ServerResponse res, int status, String code, String message,
            ApiException cause) {
        if (res.isSent()) {
            return;
        }
        ObjectNode body = body(status, code, message, path(req));
        if (cause instanceof ApiException.WithDetails details) {
            body.set("problems", Json.mapper().valueToTree(details.details()));
        }
        if (cause instanceof ApiException.TooManyRequests limited) {
            res.header("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        if (cause instanceof ApiException.Unavailable unavailable) {
            res.header("Retry-After", String.valueOf(unavailable.retryAfterSeconds()));
        }
        if (cause instanceof ApiException.BodyTimeout) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(body));
    }

    /** The path as the client sent it: {@code req.path()} alone is relative to the prefix its service is mounted at. */
    private static String path(ServerRequest req) {
        return req.path().absolute().rawPath();
    }

    /** The Chat API's error body (docs/chat-api.md, Errors); {@link TransportErrors} builds its answers with it too. */
    ObjectNode body(int status, String code, String message, String path) {
        ObjectNode body = Json.object();
        body.put("timestamp", Times.chat(clock.millis()));
        body.put("status", status);
        body.put("error", code);
        body.put("message", message);
        body.put("path", path);
        return body;
    }
}
