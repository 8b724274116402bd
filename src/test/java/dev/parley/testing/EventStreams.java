package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A client's event stream ({@code /events/stream}) read line by line, on either listener. */
public final class EventStreams {

    private EventStreams() {
    }

    /** Opens the stream at {@code pathAndQuery} on {@code port}; checks that it answered as a stream. */
    public static Iterator<String> open(HttpClient client, int port, String pathAndQuery, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return response.body().iterator();
    }

    /** Reads lines until {@code count} events have been seen; returns their {@code id:} and {@code event:} lines. */
    public static List<String> idsAndNames(Iterator<String> lines, int count) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            int events = 0;
            while (events < count && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("id:") || line.startsWith("event:")) {
                    seen.add(line);
                }
                if (line.startsWith("data:")) {
                    events++;
                }
            }
            return seen;
        }).get(20, TimeUnit.SECONDS);
    }
}
