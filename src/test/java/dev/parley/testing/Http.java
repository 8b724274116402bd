package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for tests of the real server. */
public final class Http {

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Http(String base) {
        this.base = base;
    }

    public record Response(int status, String text, HttpResponse<String> raw) {
        public JsonNode json() {
            return Json.readTrusted(text);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, Map.of("Content-Type", "application/json"));
    }

    public Response admin(String method, String path, Object body) {
        return send(method, path, body, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
    }

    /** Sends {@code body} as JSON (a String is sent as it is), with the given headers. */
    public Response send(String method, String path, Object body, Map<String, String> headers) {
        String text = body == null ? null : body instanceof String s ? s : Json.write(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
