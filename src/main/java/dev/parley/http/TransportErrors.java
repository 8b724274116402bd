package dev.parley.http;

import dev.parley.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.regex.Pattern;

/**
 * Answers what Helidon refuses before routing reaches {@link ErrorMapper} (a malformed request line, header or
 * percent-encoding, a URI or body over the limits, HTTP/1.0) with the same JSON error body, and a message that names
 * the problem instead of an empty body. Thread-safe.
 */
public final class TransportErrors implements DirectHandler {

    /** What Helidon hands over instead of a message it does not consider safe to show. */
    private static final String HELIDON_PLACEHOLDER = "Bad request, see server log for more information";
    private static final Pattern BAD_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Pattern PROTOCOL = Pattern.compile("HTTP/\\d\\.\\d");

    private final ErrorMapper errors;
    private final int maxRequestLine;
    private final int maxHeaders;
    private final long maxPayload;

    /**
     * @param maxRequestLine the server's limit on the request line, in bytes
     * @param maxHeaders the server's limit on all headers together, in bytes
     * @param maxPayload the server's limit on a request body, in bytes
     */
    public TransportErrors(ErrorMapper errors, int maxRequestLine, int maxHeaders, long maxPayload) {
        this.errors = errors;
        this.maxRequestLine = maxRequestLine;
        this.maxHeaders = maxHeaders;
        this.maxPayload = maxPayload;
    }

    /** This handler for every kind of event, for {@code WebServer.builder().directHandlers(...)}. */
    public DirectHandlers handlers() {
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            handlers.addHandler(type, this);
        }
        return handlers.build();
    }

    /** @param detail Helidon's message: present for the errors it considers safe to show, else a placeholder */
    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String detail) {
        int code = status.code();
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        TransportResponse.Builder response = TransportResponse.builder().status(status).headers(headers);
        if (eventType == EventType.INTERNAL_ERROR || code == 500) {
            // no error id: this handler never sees the exception, which Helidon logs itself once the answer is out;
            // a client hanging up in the middle of its headers ends here too, and must not read as a fault of ours
            return response.entity(body(request, code, "server.fault", "Internal server error")).build();
        }
        String message = message(request, status, detail == null || detail.equals(HELIDON_PLACEHOLDER) ? "" : detail);
        String error = code == 413 ? "chatapi.request.too_large" : "http." + code;
        return response.entity(body(request, code, error, message)).build();
    }

    private byte[] body(TransportRequest request, int status, String code, String message) {
        return Json.bytes(errors.body(status, code, message, request.path()));
    }

    private String message(TransportRequest request, Status status, String detail) {
        return switch (status.code()) {
            case 400 -> badRequest(request, detail);
            case 413 -> "The request body is larger than the limit of " + maxPayload + " bytes";
            case 414 -> "The request's URI is longer than " + maxRequestLine + " bytes, the limit of the request line";
            case 505 -> "Only HTTP/1.1 is supported" + (request.protocolVersion().isEmpty() ? ""
                    : ", the request used " + request.protocolVersion());
            default -> detail.isEmpty() ? status.reasonPhrase() : detail;
        };
    }

    /** Names what is wrong, from what Helidon could parse and the message it gave. */
    private String badRequest(TransportRequest request, String detail) {
        if (request.method().isEmpty() || !PROTOCOL.matcher(request.protocolVersion()).matches()) {
            return "Malformed request line: expected a method, a URI and HTTP/1.1 separated by single spaces";
        }
        if (BAD_PERCENT.matcher(request.path()).find()) {
            return "Malformed percent-encoding in the path: '%' must be followed by two hexadecimal digits";
        }
        if (detail.startsWith("Query") && detail.contains("% encoding")) {
            return "Malformed percent-encoding in the query: '%' must be followed by two hexadecimal digits";
        }
        if (detail.equals("Header size exceeded")) {
            return "The request's headers are larger than " + maxHeaders + " bytes";
        }
        return detail.isEmpty() ? "Malformed request" : "Malformed request: " + detail;
    }
}
