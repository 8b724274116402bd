package dev.parley.streams;

import dev.parley.channel.ChannelDirectory;
import dev.parley.config.Config;
import dev.parley.events.ClientTyping;
import dev.parley.events.EventsService;
import dev.parley.events.ThreadlessWaits;
import dev.parley.events.WaitRequests;
import dev.parley.events.WakeUps;
import dev.parley.http.ConnectionGuard;
import dev.parley.http.ErrorMapper;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Starts the listener of waiting polls and streams ({@code PARLEY_STREAMS_PORT}) with its parts. */
public final class StreamsPort {

    private StreamsPort() {
    }

    /** The listener on {@code PARLEY_STREAMS_PORT}, on every interface as the main one; empty when it is off. */
    public static Optional<StreamsListener> start(Config config, ConnectionGuard guard, ChannelDirectory channels,
            EventsService events, WakeUps wakeUps, ClientTyping typing, ErrorMapper errors, Clock clock) {
        if (config.streamsPort().isEmpty()) {
            return Optional.empty();
        }
        // one platform thread for every deadline (heartbeats, poll timeouts, heads): each only starts a virtual thread
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("parley-streams-timer").daemon().factory());
        timer.setRemoveOnCancelPolicy(true); // a poll answered early must not leave its deadline queued for a minute
        ThreadlessWaits waits = new ThreadlessWaits(events, wakeUps, typing, clock, timer);
        WaitingRoutes routes = new WaitingRoutes(new WaitRequests(channels), events, waits, errors, clock);
        StreamsListener.Limits limits = new StreamsListener.Limits(config.httpHeaderTimeout(),
                config.httpReadTimeout());
        try {
            return Optional.of(StreamsListener.start("0.0.0.0", config.streamsPort().getAsInt(), limits, guard, routes,
                    timer));
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }
}
