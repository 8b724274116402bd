package dev.parley.dialog;

import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;

/**
 * Brings SQLite's full-text index ({@code events_fts}) up to the event log, in batches after the turns that wrote
 * them, instead of a trigger in every turn's transaction, which cost a fifth of the sync turns. A search first catches
 * up ({@link #catchUp}), so it finds every message committed before it; a background task catches up soon after
 * commits ({@link #written}), so that the search's share stays small. PostgreSQL's index is an expression index the
 * database keeps itself: there this does nothing. Thread-safe.
 */
public final class SearchIndex {

    private static final System.Logger LOG = System.getLogger(SearchIndex.class.getName());

    /** Events looked at per transaction: short enough never to hold up the turns queued behind it on the writer. */
    public static final int BATCH = 2_000;
    private static final String NEXT = """
            SELECT COALESCE(MAX(id), :from) FROM (SELECT id FROM events WHERE id > :from ORDER BY id LIMIT :batch)""";
    private static final String INDEX = """
            INSERT INTO events_fts (rowid, channel, text)
            SELECT id, 'c' || channel_id, text FROM events
            WHERE id > :from AND id <= :to AND text IS NOT NULL AND author IN ('CLIENT', 'BOT', 'OPERATOR')""";

    private final Database db;
    private final boolean active;
    private final AtomicBoolean behind = new AtomicBoolean(true);

    public SearchIndex(Database db) {
        this.db = db;
        this.active = db.dialect() == Dialect.SQLITE;
    }

    /** Events were committed: the next {@link #catchUpIfBehind} has work. */
    public void written() {
        behind.set(true);
    }

    /**
     * The background task: catches up when events were written since it last did. Never throws, so that its schedule
     * goes on: when the database fails it tries again next time, and a search meanwhile catches up itself.
     */
    public void catchUpIfBehind() {
        if (active && behind.getAndSet(false)) {
            try {
                catchUp();
            } catch (RuntimeException e) {
                behind.set(true);
                LOG.log(System.Logger.Level.DEBUG, "Could not bring the search index up to date", e);
            }
        }
    }

    /** Indexes every event committed so far; returns how many events it looked at. */
    public long catchUp() {
        if (!active) {
            return 0;
        }
        long total = 0;
        for (long looked = step(); looked > 0; looked = step()) {
            total += looked;
        }
        return total;
    }

    /** One batch in one write transaction: the events after the last one indexed, and the new mark. */
    private long step() {
        return db.write(h -> {
            long from = h.createQuery("SELECT indexed_to FROM events_fts_progress WHERE id = 1").mapTo(Long.class)
                    .one();
            long to = h.createQuery(NEXT).bind("from", from).bind("batch", BATCH).mapTo(Long.class).one();
            if (to == from) {
                return 0L;
            }
            index(h, from, to);
            return to - from;
        });
    }

    private static void index(Handle h, long from, long to) {
        h.createUpdate(INDEX).bind("from", from).bind("to", to).execute();
        h.createUpdate("UPDATE events_fts_progress SET indexed_to = :to WHERE id = 1").bind("to", to).execute();
    }
}
