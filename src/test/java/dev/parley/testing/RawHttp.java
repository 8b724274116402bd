package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP written byte for byte on a plain socket, for the malformed and stalled requests that a real client refuses to
 * send. Requests and responses are ISO-8859-1 text.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A response as read from the wire; header names are lower case. */
    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            return Json.readTrusted(body);
        }
    }

    /** Sends {@code request} on a new connection and reads one response, waiting at most 10 s. */
    public static Response exchange(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream())
                    .orElseThrow(() -> new IllegalStateException("the server closed the connection without an answer"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response; empty when the server closed the connection before sending anything. */
    public static Optional<Response> read(InputStream in) throws IOException {
        String head = readHead(in);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return Optional.of(new Response(status, headers, body));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                return head.substring(0, head.length() - 4);
            }
        }
        if (!head.isEmpty()) {
            throw new IOException("connection closed inside a response head: " + head);
        }
        return "";
    }
}
