package dev.parley.channel;

import dev.parley.bot.Scenario;
import dev.parley.bot.ScenarioCompiler;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the channel behind a token on every client request without a database round trip. Entries are refreshed
 * after a short time so that changes made on another node take effect there too; changes made on this node take
 * effect at once. Compiled scenarios are kept per channel version, so a refresh that finds the same version costs
 * one indexed read and no compilation. Thread-safe.
 */
public final class ChannelDirectory {

    private static final Duration REFRESH_AFTER = Duration.ofSeconds(2);

    private record Entry(ActiveChannel active, long loadedAt) {
    }

    private record CompiledKey(long channelId, long version) {
    }

    private final ChannelStore store;
    private final ScenarioCompiler compiler;
    private final Clock clock;
    private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
    private final Map<CompiledKey, Scenario> compiled = new ConcurrentHashMap<>();
    private final Map<Long, String> tokens = new ConcurrentHashMap<>();

    public ChannelDirectory(ChannelStore store, ScenarioCompiler compiler, Clock clock) {
        this.store = store;
        this.compiler = compiler;
        this.clock = clock;
    }

    /** The live channel of a client token, or the vendor's 404 when there is none. */
    public ActiveChannel resolve(String token) {
        long now = clock.millis();
        Entry entry = byToken.get(token);
        if (entry != null && now - entry.loadedAt() < REFRESH_AFTER.toMillis()) {
            return entry.active();
        }
        Channel channel = store.findByToken(token).orElseThrow(() -> {
            byToken.remove(token);
            return notFound(token);
        });
        ActiveChannel active = new ActiveChannel(channel, scenarioOf(channel));
        byToken.put(token, new Entry(active, now));
        tokens.put(channel.id(), token);
        return active;
    }

    /** The live channel with this id, for admin and background work. */
    public ActiveChannel byId(long id) {
        return findById(id).orElseThrow(
                () -> new ApiException.NotFound("admin.channel.not_found", "Channel " + id + " not found"));
    }

    /** The live channel with this id, served from the cache like {@link #resolve} when its token is known. */
    public Optional<ActiveChannel> findById(long id) {
        String token = tokens.get(id);
        if (token != null) {
            try {
                ActiveChannel active = resolve(token);
                if (active.id() == id) {
                    return Optional.of(active);
                }
            } catch (ApiException tokenGone) {
                tokens.remove(id, token);
            }
        }
        return store.findById(id).map(channel -> resolve(channel.token()));
    }

    void remember(Channel channel, Scenario scenario) {
        compiled.put(new CompiledKey(channel.id(), channel.scenarioVersion()), scenario);
        byToken.put(channel.token(), new Entry(new ActiveChannel(channel, scenario), clock.millis()));
        tokens.put(channel.id(), channel.token());
    }

    void forget(String token) {
        Entry gone = byToken.remove(token);
        if (gone != null) {
            compiled.keySet().removeIf(key -> key.channelId() == gone.active().id());
        }
    }

    private Scenario scenarioOf(Channel channel) {
        CompiledKey key = new CompiledKey(channel.id(), channel.scenarioVersion());
        Scenario scenario = compiled.computeIfAbsent(key, k -> compiler.compile(channel.scenarioSource()));
        compiled.keySet().removeIf(k -> k.channelId() == channel.id() && k.version() != channel.scenarioVersion());
        return scenario;
    }

    public static ApiException notFound(String token) {
        return new ApiException.NotFound("chatapi.channel.not_found",
                "ChannelChat config not found for token " + token + " and channel CHATAPI");
    }
}
