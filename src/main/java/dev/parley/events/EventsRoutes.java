package dev.parley.events;

import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.http.ApiException;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Times;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /chatapi/{token}/events} (long poll) and {@code /events/stream} (Server-Sent Events, which also carry the
 * agent's {@code typing}, never stored).
 */
public final class EventsRoutes implements HttpService {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final ChannelDirectory channels;
    private final EventsService events;
    private final ClientTyping typing;

    public EventsRoutes(ChannelDirectory channels, EventsService events, ClientTyping typing) {
        this.channels = channels;
        this.events = events;
        this.typing = typing;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{token}/events", this::poll)
                .get("/{token}/events/stream", this::stream);
    }

    private void poll(ServerRequest req, ServerResponse res) throws InterruptedException {
        EventFilter filter = filter(req);
        OptionalLong ts = time(req, "ts");
        Duration wait = Duration.ofSeconds(Requests.intQuery(req, "timeout", 25, 0, 60));
        Responses.json(res, 200, events.poll(filter, ts, wait).toJson());
    }

    private void stream(ServerRequest req, ServerResponse res) throws InterruptedException {
        EventFilter filter = filter(req);
        OptionalLong resume = lastEventId(req);
        OptionalLong asked = resume.isPresent() ? resume : time(req, "ts");
        long after = asked.isPresent() ? events.notInFuture(filter, asked.getAsLong()) : events.now(filter);
        try (ClientTyping.Subscription typed = typing.subscribe(filter.client());
                SseSink sink = res.sink(SseSink.TYPE)) {
            while (true) {
                EventPage page = events.next(filter, after, HEARTBEAT, typed::pending);
                List<String> typingData = typed.drain();
                typingData.forEach(data -> sink.emit(SseEvent.builder().name("typing").data(data).build()));
                if (page.items().isEmpty() && typingData.isEmpty()) {
                    sink.emit(SseEvent.builder().comment("heartbeat").build());
                }
                for (EventItem item : page.items()) {
                    StringBuilder data = new StringBuilder();
                    item.writeTo(data);
                    sink.emit(SseEvent.builder().id(String.valueOf(item.ts())).name(item.type())
                            .data(data.toString()).build());
                    after = item.ts();
                }
            }
        } catch (RuntimeException gone) {
            // the subscriber went away: nothing to clean up, the stream held no database resource
        }
    }

    private EventFilter filter(ServerRequest req) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        ClientKey key = ClientIdentity.verified(channel.channel(), Requests.query(req, "clientId"),
                Requests.clientSignature(req));
        String cid = Requests.cidQuery(req);
        return new EventFilter(key, cid, Requests.boolQuery(req, "all", false));
    }

    private static OptionalLong lastEventId(ServerRequest req) {
        Optional<String> header = req.headers().first(io.helidon.http.HeaderNames.create("Last-Event-ID"));
        if (header.isEmpty() || header.get().isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(header.get().trim()));
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest("Invalid request payload: Last-Event-ID must be an event id from this"
                    + " stream, got '" + header.get() + "'");
        }
    }

    /** A time parameter: epoch milliseconds, {@code yyyy-MM-dd'T'HH:mm:ss.SSS} (UTC) or ISO-8601 with a zone. */
    public static OptionalLong time(ServerRequest req, String name) {
        Optional<String> raw = Requests.query(req, name);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return OptionalLong.empty();
        }
        return Times.parse(raw.get()).map(OptionalLong::of).orElseThrow(() -> new ApiException.BadRequest(
                "Invalid request payload: " + name + " must be epoch milliseconds or a timestamp like"
                        + " 2026-01-31T10:00:00.000, got '" + raw.get() + "'"));
    }
}
