package dev.parley.bot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A scripted {@link HttpBlockClient}: answers queued responses in order and records every request. */
final class FakeHttpBlockClient implements HttpBlockClient {

    private final Deque<HttpBlockResponse> responses = new ArrayDeque<>();
    private final List<HttpBlockRequest> requests = new ArrayList<>();
    private HttpBlockResponse fallback = HttpBlockResponse.failure("no scripted response");

    FakeHttpBlockClient respond(int status, String body) {
        responses.add(HttpBlockResponse.of(status, body));
        return this;
    }

    FakeHttpBlockClient fail(String error) {
        responses.add(HttpBlockResponse.failure(error));
        return this;
    }

    /** The answer once the scripted ones are used up. */
    FakeHttpBlockClient always(int status, String body) {
        fallback = HttpBlockResponse.of(status, body);
        return this;
    }

    @Override
    public synchronized HttpBlockResponse send(HttpBlockRequest request) {
        requests.add(request);
        return responses.isEmpty() ? fallback : responses.poll();
    }

    synchronized List<HttpBlockRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized HttpBlockRequest lastRequest() {
        return requests.getLast();
    }
}
