package dev.parley.streams;

import dev.parley.events.EventItem;
import dev.parley.events.EventPage;
import dev.parley.events.EventsService;
import dev.parley.events.ThreadlessWaits;
import dev.parley.events.WaitRequests;
import dev.parley.http.ApiException;
import dev.parley.http.ErrorMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the thread-less listener answers: {@code GET /chatapi/{token}/events} (long poll) and
 * {@code /chatapi/{token}/events/stream} (Server-Sent Events), also under {@code /chatadapter/chatapi}, read and
 * answered as on the main listener ({@link WaitRequests}, {@link ErrorMapper}); browsers on any origin may call them.
 * Anything else is a 404 or 405 in the same error shape. Thread-safe.
 */
public final class WaitingRoutes {

    private static final Pattern PATH = Pattern.compile("(?:/chatadapter)?/chatapi/([^/]+)/events(/stream)?/?");
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(204, "No Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    private final WaitRequests requests;
    private final EventsService events;
    private final ThreadlessWaits waits;
    private final ErrorMapper errors;
    private final Clock clock;

    public WaitingRoutes(WaitRequests requests, EventsService events, ThreadlessWaits waits, ErrorMapper errors,
            Clock clock) {
        this.requests = requests;
        this.events = events;
        this.waits = waits;
        this.errors = errors;
        this.clock = clock;
    }

    void handle(StreamsConnection connection, byte[] bytes, int end) {
        RequestHead head;
        try {
            head = RequestHead.parse(bytes, end);
        } catch (ApiException e) {
            connection.finish(error(e, "GET", "/", Optional.empty(), false), false);
            return;
        }
        try {
            route(connection, head);
        } catch (RuntimeException e) {
            // a body no endpoint here reads would be taken for the next request: the connection ends with the answer
            boolean keepAlive = head.keepAlive() && !head.hasBody();
            connection.finish(error(e, head, keepAlive), keepAlive);
        }
    }

    void refuse(StreamsConnection connection, int status, String message) {
        connection.finish(error(new ApiException(status, "http." + status, message), "GET", "/", Optional.empty(),
                false), false);
    }

    private void route(StreamsConnection connection, RequestHead head) {
        Matcher path = PATH.matcher(head.rawPath());
        if (!path.matches()) {
            throw new ApiException.NotFound("http.not_found", "No such endpoint on this port (it serves "
                    + "/chatapi/{token}/events and /chatapi/{token}/events/stream): " + head.rawPath());
        }
        if (head.method().equals("OPTIONS")) {
            connection.finish(preflight(head), head.keepAlive());
            return;
        }
        if (!head.method().equals("GET")) {
            throw new ApiException.MethodNotAllowed("Method " + head.method() + " is not allowed on "
                    + head.rawPath());
        }
        if (head.hasBody()) {
            throw new ApiException.BadRequest("http.bad_request", "Bad request: a GET here takes no body");
        }
        String token = path.group(1);
        if (path.group(2) == null) {
            poll(connection, head, token);
        } else {
            stream(connection, head, token);
        }
    }

    private void poll(StreamsConnection connection, RequestHead head, String token) {
        WaitRequests.Poll poll = requests.poll(token, head);
        start(connection, waits.poll(poll, new ThreadlessWaits.PollAnswer() {
            @Override
            public void page(EventPage page) {
                connection.finish(answer(origin(head), head.keepAlive(), 200, Map.of(), page.toJson()),
                        head.keepAlive());
            }

            @Override
            public void failed(RuntimeException e) {
                connection.finish(error(e, head, head.keepAlive()), head.keepAlive());
            }
        }));
    }

    private void stream(StreamsConnection connection, RequestHead head, String token) {
        WaitRequests.Stream asked = requests.stream(token, head);
        long after = events.start(asked);
        connection.streaming();
        byte[] start = (statusLine(200) + "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + common(origin(head), false) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        if (!connection.send(start)) {
            return;
        }
        start(connection, waits.stream(asked.filter(), after, new ThreadlessWaits.StreamSink() {
            @Override
            public void typing(String data) {
                send("event:typing\ndata:" + data + "\n\n");
            }

            @Override
            public void event(EventItem item) {
                StringBuilder event = new StringBuilder(256).append("id:").append(item.ts()).append("\nevent:")
                        .append(item.type()).append("\ndata:");
                item.writeTo(event);
                send(event.append("\n\n").toString());
            }

            @Override
            public void heartbeat() {
                send(":heartbeat\n\n");
            }

            @Override
            public void failed(RuntimeException e) {
                connection.close();
            }

            private void send(String event) {
                connection.send(event.getBytes(StandardCharsets.UTF_8));
            }
        }));
    }

    /** Starts a wait once the connection knows it, so that a close at any time after cancels it. */
    private static void start(StreamsConnection connection, ThreadlessWaits.Wait wait) {
        connection.waitingOn(wait);
        wait.start();
    }

    private byte[] preflight(RequestHead head) {
        String headers = head.header("Access-Control-Request-Headers").orElse("Content-Type");
        return (statusLine(204) + "Access-Control-Allow-Methods: GET, OPTIONS\r\nAccess-Control-Allow-Headers: "
                + headers + "\r\nAccess-Control-Max-Age: 86400\r\n" + common(origin(head), head.keepAlive()) + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] error(Throwable e, RequestHead head, boolean keepAlive) {
        return error(e, head.method(), head.rawPath(), origin(head), keepAlive);
    }

    private byte[] error(Throwable e, String method, String path, Optional<String> origin, boolean keepAlive) {
        ErrorMapper.Answer answer = errors.answer(e, method, path);
        return answer(origin, keepAlive && !answer.closes(), answer.status(), answer.headers(), answer.body());
    }

    /** A JSON answer with its length. */
    private byte[] answer(Optional<String> origin, boolean keepAlive, int status, Map<String, String> headers,
            byte[] body) {
        StringBuilder out = new StringBuilder(256).append(statusLine(status))
                .append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> out.append(name).append(": ").append(value).append("\r\n"));
        byte[] start = out.append(common(origin, keepAlive)).append("\r\n").toString()
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    /** The origin a browser sent, echoed as the main listener's CORS filter does. */
    private static Optional<String> origin(RequestHead head) {
        return head.header("Origin").filter(o -> !o.isBlank());
    }

    /** What every answer carries: the date, the connection's fate, no sniffing, and the CORS marks. */
    private String common(Optional<String> origin, boolean keepAlive) {
        return "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)) + "\r\n"
                + "Connection: " + (keepAlive ? "keep-alive" : "close") + "\r\nX-Content-Type-Options: nosniff\r\n"
                + "Access-Control-Allow-Origin: " + origin.orElse("*") + "\r\nVary: Origin\r\n"
                + "Access-Control-Expose-Headers: ETag, Retry-After\r\n";
    }

    private static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Error") + "\r\n";
    }
}
