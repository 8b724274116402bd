package dev.parley.bot;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The request an {@code http} block makes, with its templates already rendered.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
 * @param body the request body, {@code ""} for none
 */
public record HttpBlockRequest(String method, URI url, Map<String, String> headers, String body, Duration timeout) {

    public HttpBlockRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
    }
}
