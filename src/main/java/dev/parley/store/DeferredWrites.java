package dev.parley.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Rows that the work of a PostgreSQL lane's batch ({@link PostgresLanes}) writes, held until the batch commits and
 * then written many to a statement: the session updates and the events of all the batch's turns cost a round trip
 * each, not one per turn. Only for rows that no later statement of the same transaction reads. Used by the one
 * thread that owns the handle.
 */
public final class DeferredWrites {

    /** The handle attribute under which a lane's handle holds its deferred rows. */
    static final String ATTRIBUTE = "parley.deferred-writes";

    /** How a table's rows are written, as many as are given, in as few statements as it can. */
    @FunctionalInterface
    public interface Table<T> {

        /** Writes the rows; throws {@link Conflict} when a row it should change had changed meanwhile. */
        void write(Handle h, List<T> rows);
    }

    /**
     * A deferred write found that its row had changed since the work read it: the work lost a race with another
     * transaction, and must read again. Fails the transaction, like any exception of the work.
     */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<Table<?>, List<Object>> rows = new LinkedHashMap<>();

    /** Whether writes on {@code h} are deferred to its commit: it is a lane's handle. */
    public static boolean defers(Handle h) {
        return h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE) instanceof DeferredWrites;
    }

    /**
     * Writes {@code written} to {@code table} on the transaction of {@code h}: at once, or, on the handle of a
     * lane's batch, just before it commits (one instance of {@code table} for all: it keys the deferred rows).
     */
    public static <T> void write(Handle h, Table<T> table, List<T> written) {
        if (h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE) instanceof DeferredWrites deferred) {
            deferred.rows.computeIfAbsent(table, t -> new ArrayList<>()).addAll(written);
        } else {
            table.write(h, written);
        }
    }

    /** The deferred rows of a lane's handle. */
    static DeferredWrites of(Handle h) {
        return (DeferredWrites) h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE);
    }

    /** Writes what was deferred, table by table in the order first used, and forgets it. */
    @SuppressWarnings("unchecked")
    void flush(Handle h) {
        try {
            rows.forEach((table, held) -> ((Table<Object>) table).write(h, held));
        } finally {
            rows.clear();
        }
    }

    /** Forgets what was deferred: its transaction rolled back. */
    void clear() {
        rows.clear();
    }
}
