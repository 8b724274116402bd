package dev.parley.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Rows that the work of a PostgreSQL lane's batch ({@link PostgresLanes}) inserts, held until the batch commits and
 * then inserted many to a statement: the events of all the batch's turns cost one round trip, not one each. Only for
 * rows that no later statement of the same transaction reads. Used by the one thread that owns the handle.
 */
public final class DeferredInserts {

    /** The handle attribute under which a lane's handle holds its deferred rows. */
    static final String ATTRIBUTE = "parley.deferred-inserts";

    /** How a table's rows are inserted, as many as are given, in as few statements as it can. */
    @FunctionalInterface
    public interface Table<T> {
        void insert(Handle h, List<T> rows);
    }

    private final Map<Table<?>, List<Object>> rows = new LinkedHashMap<>();

    /**
     * Inserts {@code inserted} into {@code table} on the transaction of {@code h}: at once, or, on the handle of a
     * lane's batch, just before it commits.
     */
    public static <T> void insert(Handle h, Table<T> table, List<T> inserted) {
        if (h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE) instanceof DeferredInserts deferred) {
            deferred.rows.computeIfAbsent(table, t -> new ArrayList<>()).addAll(inserted);
        } else {
            table.insert(h, inserted);
        }
    }

    /** The deferred rows of a lane's handle. */
    static DeferredInserts of(Handle h) {
        return (DeferredInserts) h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE);
    }

    /** Inserts what was deferred, table by table in the order first used, and forgets it. */
    @SuppressWarnings("unchecked")
    void flush(Handle h) {
        try {
            rows.forEach((table, held) -> ((Table<Object>) table).insert(h, held));
        } finally {
            rows.clear();
        }
    }

    /** Forgets what was deferred: its transaction rolled back. */
    void clear() {
        rows.clear();
    }
}
