package dev.parley.streams;

import dev.parley.http.ApiException;
import dev.parley.http.Params;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's line and headers as the thread-less listener reads them: HTTP/1.1 (or 1.0), no body. Malformed parts are
 * a 400 that names them, as on the main listener.
 *
 * @param rawPath the path as sent, still percent-encoded (a client id's encoded slash stays in its segment)
 * @param query decoded query parameters, the first value of each name
 * @param headers header values by lower-case name, the first of each
 * @param keepAlive whether the connection stays open after the answer (HTTP/1.1 without {@code Connection: close})
 */
record RequestHead(String method, String rawPath, Map<String, String> query, Map<String, String> headers,
        boolean keepAlive) implements Params {

    /** The longest line and headers accepted, as on the main listener. */
    static final int MAX_BYTES = 8 * 1024;

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Where the head ends in {@code bytes} (the index after its blank line), or -1 while it is incomplete. */
    static int end(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses a complete head, {@code bytes[0..end)}, as {@link #end} found it. */
    static RequestHead parse(byte[] bytes, int end) {
        String text = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        List<String> lines = List.of(text.split("\r\n"));
        lines.forEach(RequestHead::refuseControls);
        String[] line = lines.getFirst().split(" ", -1);
        if (line.length != 3 || line[0].isEmpty() || !line[1].startsWith("/")) {
            throw bad("the request line must be METHOD /path HTTP/1.1");
        }
        boolean http11 = switch (line[2]) {
            case "HTTP/1.1" -> true;
            case "HTTP/1.0" -> false;
            default -> throw bad("only HTTP/1.1 and HTTP/1.0 are served here, got " + line[2]);
        };
        Map<String, String> headers = headers(lines.subList(1, lines.size()));
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
        String target = line[1];
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, String> query = question < 0 ? Map.of() : parseQuery(target.substring(question + 1));
        return new RequestHead(line[0], path, query, headers, keepAlive);
    }

    /**
     * HTTP allows no control character in a request line or header but the tab: a bare CR or LF would let a value
     * echoed into an answer's headers split them, and a NUL in a token would reach the database.
     */
    private static void refuseControls(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw bad("the request line and headers must not hold control characters (found 0x"
                        + Integer.toHexString(c) + ")");
            }
        }
    }

    /** Whether the request says it has a body, which no endpoint here takes. */
    boolean hasBody() {
        return headers.containsKey("transfer-encoding")
                || !headers.getOrDefault("content-length", "0").trim().equals("0");
    }

    private static Map<String, String> headers(List<String> lines) {
        Map<String, String> headers = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                    || !line.substring(0, colon).strip().equals(line.substring(0, colon))) {
                throw bad("a header line must be Name: value, got '" + line + "'");
            }
            headers.putIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            query.putIfAbsent(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return query;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("the query has a malformed percent-encoding: '" + part + "'");
        }
    }

    private static ApiException bad(String detail) {
        return new ApiException.BadRequest("http.bad_request", "Bad request: " + detail);
    }
}
