package dev.parley.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client rows as this node's turns last committed them, where reading a row costs a round trip to the database
 * (PostgreSQL): the next turn of a client whose last turn ran here reads its row from here. Every commit on this node
 * that touches a client's log forgets its row, unless it is a turn that wrote the row ({@link Written}), which keeps
 * what it wrote; a commit on another node forgets it when its notice arrives ({@link PostgresWakeUpRelay}). A row
 * that changed unseen (its notice is late, or was lost) costs no correctness: a turn's update only applies to the row
 * as the turn read it ({@link ClientClock#advanceFrom}), so the turn fails as a lost race, forgets the row and runs
 * again from the database's. Bounded: the least recently used rows go first. Disabled (it keeps nothing) where rows
 * are read in-process (SQLite). Thread-safe.
 */
public final class CommittedRows implements CommitListener {

    /** Rows kept at most: the clients of the last minutes of a busy node, at a few hundred bytes each. */
    static final int CAPACITY = 16_384;

    /** What a turn's commit wrote to its client's row: noted on its transaction by the row's update. */
    public record Written(ClientKey key, ClientClock.ClientRow row) {
    }

    private final boolean enabled;
    private final Map<ClientKey, ClientClock.ClientRow> rows = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ClientKey, ClientClock.ClientRow> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Keeps rows if {@code enabled}; otherwise finds none and its listening costs a check per commit. */
    public CommittedRows(boolean enabled) {
        this.enabled = enabled;
    }

    /** The client's row as a turn on this node last committed it, unless a later write may have changed it. */
    public synchronized Optional<ClientClock.ClientRow> find(ClientKey key) {
        return Optional.ofNullable(rows.get(key));
    }

    /** Forgets the client's row: it may have changed (a turn's update found it changed, or could not tell). */
    public synchronized void forget(ClientKey key) {
        rows.remove(key);
    }

    /** Forgets every row: changes made elsewhere may have gone unannounced (the notices' connection was lost). */
    public synchronized void forgetAll() {
        rows.clear();
    }

    /** How many rows are kept. */
    synchronized int size() {
        return rows.size();
    }

    @Override
    public void committed(Committed committed) {
        if (!enabled) {
            return;
        }
        List<Written> written = committed.notes(Written.class);
        synchronized (this) {
            committed.clients().forEach(rows::remove);
            for (Written w : written) {
                rows.put(w.key(), w.row());
            }
        }
    }
}
