package dev.parley.events;

import dev.parley.channel.ChannelDirectory;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /chatapi/{token}/events} (long poll) and {@code /events/stream} (Server-Sent Events, which also carry the
 * agent's {@code typing}, never stored).
 */
public final class EventsRoutes implements HttpService {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final WaitRequests requests;
    private final EventsService events;
    private final ClientTyping typing;

    public EventsRoutes(ChannelDirectory channels, EventsService events, ClientTyping typing) {
        this.requests = new WaitRequests(channels);
        this.events = events;
        this.typing = typing;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{token}/events", this::poll)
                .get("/{token}/events/stream", this::stream);
    }

    private void poll(ServerRequest req, ServerResponse res) throws InterruptedException {
        WaitRequests.Poll poll = requests.poll(Requests.pathParam(req, "token"), Requests.params(req));
        Responses.json(res, 200, events.poll(poll.filter(), poll.ts(), poll.timeout()).toJson());
    }

    private void stream(ServerRequest req, ServerResponse res) throws InterruptedException {
        WaitRequests.Stream asked = requests.stream(Requests.pathParam(req, "token"), Requests.params(req));
        EventFilter filter = asked.filter();
        long after = events.start(asked);
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
}
