package dev.parley.dialog;

import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Dialogs reads behind the admin API: pages of a channel's clients and of search hits, each with the cursor of the
 * next page, and one client's detail. Every read first checks that the channel exists. Thread-safe.
 */
public final class DialogService {

    /** The page size when none is asked for, and the most one page may hold. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int MAX_HANDOFFS = 100;

    private final ChannelDirectory channels;
    private final DialogStore store;
    private final StateStore states;

    public DialogService(ChannelDirectory channels, DialogStore store, StateStore states) {
        this.channels = channels;
        this.store = store;
        this.states = states;
    }

    /** A page of the channel's clients, most recently active first, after {@code cursor} (empty: the first page). */
    public Page<ClientSummary> clients(long channelId, String prefix, Optional<String> cursor, int limit) {
        channels.byId(channelId);
        List<ClientSummary> found = store.clients(channelId, prefix, cursor.map(Cursors::client), limit + 1);
        List<ClientSummary> items = found.subList(0, Math.min(limit, found.size()));
        Optional<String> next = found.size() > limit
                ? Optional.of(Cursors.client(items.getLast().lastActivity(), items.getLast().clientId()))
                : Optional.empty();
        return new Page<>(items, next);
    }

    /** A page of the messages of the channel that say all the words of {@code text}, newest first. */
    public Page<SearchHit> search(long channelId, String text, Optional<String> cursor, int limit) {
        channels.byId(channelId);
        SearchText words = SearchText.parse(text);
        OptionalLong below = cursor.map(c -> OptionalLong.of(Cursors.hit(c))).orElse(OptionalLong.empty());
        List<SearchHit> found = store.search(channelId, words, below, limit + 1);
        List<SearchHit> items = found.subList(0, Math.min(limit, found.size()));
        Optional<String> next = found.size() > limit ? Optional.of(Cursors.hit(items.getLast().id()))
                : Optional.empty();
        return new Page<>(items, next);
    }

    /** The client's summary, saved state and hand-offs; a 404 when the channel has no such client. */
    public ClientDetail client(ClientKey key) {
        channels.byId(key.channelId());
        ClientSummary summary = store.client(key).orElseThrow(() -> notFound(key));
        StateStore.Saved state = states.load(key);
        return new ClientDetail(summary, state.body(), state.version(), store.handoffs(key, MAX_HANDOFFS));
    }

    /** Checks that the channel has the client, for reads that answer empty rather than 404 (its history). */
    public void requireClient(ClientKey key) {
        channels.byId(key.channelId());
        if (store.client(key).isEmpty()) {
            throw notFound(key);
        }
    }

    private static ApiException notFound(ClientKey key) {
        return new ApiException.NotFound("admin.client.not_found", "Client " + key.clientId() + " not found");
    }
}
