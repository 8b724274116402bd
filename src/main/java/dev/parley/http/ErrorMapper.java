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
import java.util.LinkedHashMap;
import java.util.Map;
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
        routing.error(Exception.class, (req, res, e) -> send(res, answer(e, req.prologue().method().text(), path(req))));
    }

    /**
     * An error answer: its status, extra headers and body.
     *
     * @param closes whether the connection must close after it (a body that did not arrive in time)
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, boolean closes) {
    }

    /** What the client gets for a failure of its request, {@code path} as it sent it; logs server faults. */
    public Answer answer(Throwable e, String method, String path) {
        if (e instanceof ApiException api) {
            return answer(api.status(), api.code(), api.getMessage(), path, api);
        }
        if (e instanceof HttpException http) {
            return answer(http.status().code(), "http." + http.status().code(), http.getMessage(), path, null);
        }
        Optional<Throwable> unavailable = DatabaseErrors.unavailability(e);
        if (unavailable.isPresent()) {
            return unavailable(method, path, unavailable.get());
        }
        String id = UUID.randomUUID().toString();
        // the body below keeps the full path, as its reader sent the token; the log's readers must not see it
        LOG.log(System.Logger.Level.ERROR, "Server fault " + id + " on " + method + " " + LogMask.mask(path),
                LogMask.thrown(e, path));
        return answer(500, "server.fault", "Internal server error; reference " + id, path, null);
    }

    /**
     * No stack trace, and at most a line per kind of cause every few seconds: during an outage every request fails the
     * same way, and the log must stay readable (and its disk not fill).
     */
    private Answer unavailable(String method, String path, Throwable cause) {
        unavailableLog.permit(cause.getClass().getName()).ifPresent(suppressed -> LOG.log(System.Logger.Level.WARNING,
                "Database unavailable on " + method + " " + LogMask.mask(path) + ": "
                        + LogMask.thrown(cause, path) + (suppressed == 0 ? ""
                        : " (and on " + suppressed + " more requests since the last such line)")));
        ApiException.Unavailable answer = new ApiException.Unavailable(
                "The database is unavailable; retry in a few seconds", UNAVAILABLE_RETRY_AFTER_SECONDS);
        return answer(answer.status(), answer.code(), answer.getMessage(), path, answer);
    }

    /** Writes an error body; also used by handlers that answer an error without throwing. */
    public void send(ServerRequest req, ServerResponse res, int status, String code, String message,
            ApiException cause) {
        send(res, answer(status, code, message, path(req), cause));
    }

    private static void send(ServerResponse res, Answer answer) {
        if (res.isSent()) {
            return;
        }
        answer.headers().forEach(res::header);
        if (answer.closes()) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        res.status(answer.status());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(answer.body());
    }

    private Answer answer(int status, String code, String message, String path, ApiException cause) {
        ObjectNode body = body(status, code, message, path);
        if (cause instanceof ApiException.WithDetails details) {
            body.set("problems", Json.mapper().valueToTree(details.details()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (cause instanceof ApiException.TooManyRequests limited) {
            headers.put("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        if (cause instanceof ApiException.Unavailable unavailable) {
            headers.put("Retry-After", String.valueOf(unavailable.retryAfterSeconds()));
        }
        return new Answer(status, Map.copyOf(headers), Json.bytes(body), cause instanceof ApiException.BodyTimeout);
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
