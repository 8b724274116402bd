package dev.parley.events;

import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.http.ApiException;
import dev.parley.http.Params;
import dev.parley.json.Times;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a long poll ({@code /events}) or an event stream ({@code /events/stream}) asks for, read the same way by the
 * main listener and by the thread-less one of waiting requests: every bad part is a 400 naming it. Thread-safe.
 */
public final class WaitRequests {

    /** The longest a long poll may wait, in seconds. */
    public static final int MAX_TIMEOUT_SECONDS = 60;

    private final ChannelDirectory channels;

    public WaitRequests(ChannelDirectory channels) {
        this.channels = channels;
    }

    /**
     * A long poll.
     *
     * @param ts events newer than this; empty for those since this client's (and connection's) previous poll
     */
    public record Poll(EventFilter filter, OptionalLong ts, Duration timeout) {
    }

    /**
     * An event stream.
     *
     * @param from the position it resumes from ({@code Last-Event-ID}, else {@code ts}); empty for new events only
     */
    public record Stream(EventFilter filter, OptionalLong from) {
    }

    public Poll poll(String token, Params params) {
        EventFilter filter = filter(token, params);
        OptionalLong ts = time(params, "ts");
        return new Poll(filter, ts, Duration.ofSeconds(params.intQuery("timeout", 25, 0, MAX_TIMEOUT_SECONDS)));
    }

    public Stream stream(String token, Params params) {
        EventFilter filter = filter(token, params);
        OptionalLong resume = lastEventId(params);
        return new Stream(filter, resume.isPresent() ? resume : time(params, "ts"));
    }

    private EventFilter filter(String token, Params params) {
        ActiveChannel channel = channels.resolve(token);
        ClientKey key = ClientIdentity.verified(channel.channel(), params.query("clientId"), params.clientSignature());
        return new EventFilter(key, params.cidQuery(), params.boolQuery("all", false));
    }

    private static OptionalLong lastEventId(Params params) {
        Optional<String> header = params.header("Last-Event-ID");
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
    private static OptionalLong time(Params params, String name) {
        Optional<String> raw = params.query(name);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return OptionalLong.empty();
        }
        return Times.parse(raw.get()).map(OptionalLong::of).orElseThrow(() -> new ApiException.BadRequest(
                "Invalid request payload: " + name + " must be epoch milliseconds or a timestamp like"
                        + " 2026-01-31T10:00:00.000, got '" + raw.get() + "'"));
    }
}
