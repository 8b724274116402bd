package dev.parley.erasure;

import dev.parley.conversation.HandoffListener;
import dev.parley.events.ClientKey;
import dev.parley.events.WakeUps;
import dev.parley.http.ApiException;
import dev.parley.store.DatabaseErrors;

/**
 * Erases a client and tells those who watch it: the client's open long polls and streams wake up and find nothing,
 * and the agents' streams see its open hand-offs closed. Parley keeps no per-client cache to forget (the client's
 * clock and session live on its row; the wake-up signals and typing queues are only for connections open now).
 * Thread-safe.
 */
public final class ErasureService {

    /** Tries of an erasure that lost a deadlock to a concurrent write on PostgreSQL before it gives up. */
    static final int TRIES = 3;

    private final ErasureStore store;
    private final WakeUps wakeUps;
    private final HandoffListener agents;

    public ErasureService(ErasureStore store, WakeUps wakeUps, HandoffListener agents) {
        this.store = store;
        this.wakeUps = wakeUps;
        this.agents = agents;
    }

    /** Removes everything of the client; a client of whom nothing is held is a 404. */
    public Removed erase(ClientKey key) {
        ErasureStore.Erasure erasure = eraseRetrying(key);
        if (erasure.removed().nothing()) {
            throw new ApiException.NotFound("admin.client.not_found", "Client not found in channel " + key.channelId());
        }
        wakeUps.fire(key);
        erasure.openHandoffs().forEach(agents::changed);
        return erasure.removed();
    }

    /**
     * A status change locks a message before the client row, the other way round from turns and erasures, so on
     * PostgreSQL the two can deadlock; the database then aborts one, and an erasure simply runs again.
     */
    private ErasureStore.Erasure eraseRetrying(ClientKey key) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.erase(key);
            } catch (RuntimeException e) {
                if (attempt >= TRIES || !DatabaseErrors.isConflict(e)) {
                    throw e;
                }
            }
        }
    }
}
