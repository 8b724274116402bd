package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Plain JDBC statements for the few statements every turn runs, kept prepared on the SQLite writer's connection and on
 * SQLite's read connections ({@link ReadCaches}) so that a turn pays neither SQLite's statement compilation nor
 * JDBI's per-statement machinery. On any other handle (PostgreSQL) a statement is prepared for the call and closed
 * after it.
 */
public final class Prepared {

    static final String ATTRIBUTE = "parley.prepared";

    /** The statements of one connection; used by the one thread that owns that connection. */
    static final class Cache {
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        /** The connection to prepare on, or null for the handle's own. */
        private final Connection connection;

        Cache() {
            this(null);
        }

        private Cache(Connection connection) {
            this.connection = connection;
        }

        void close() {
            statements.values().forEach(Prepared::closeQuietly);
            statements.clear();
        }
    }

    /** What a statement call needs: the statement, and whether to close it afterwards. */
    public record Use(PreparedStatement statement, boolean owned) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            if (owned) {
                statement.close();
            } else {
                statement.clearBatch();
                statement.clearParameters();
            }
        }
    }

    private Prepared() {
    }

    public static Use statement(Handle h, String sql) throws SQLException {
        Object cache = h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE);
        Connection connection = h.getConnection();
        if (cache instanceof Cache c) {
            PreparedStatement ps = c.statements.get(sql);
            if (ps == null) {
                ps = (c.connection != null ? c.connection : connection).prepareStatement(sql);
                c.statements.put(sql, ps);
            }
            return new Use(ps, false);
        }
        return new Use(connection.prepareStatement(sql), true);
    }

    /**
     * The statements of a pool's SQLite connections, each kept with its connection for as long as the pool keeps
     * that: a read borrows its connection's ({@link #define}). Reading a client row with a kept statement took 5 µs
     * against 12 µs when compiled for the call. A kept statement's result set must be closed after each use, as
     * {@link Use} callers do: SQLite ends the read transaction then. Thread-safe; each connection's statements are used
     * only by the thread that borrowed it.
     */
    static final class ReadCaches {

        private final Map<Connection, Cache> caches = new ConcurrentHashMap<>();

        /** Lets {@link Prepared#statement} keep the statements of the handle's connection. */
        void define(Handle h) {
            Connection pooled;
            try {
                // the pool's own connection: statements prepared on its wrapper would be closed as it is returned
                pooled = h.getConnection().unwrap(Connection.class);
            } catch (SQLException e) {
                return; // not kept: prepared for each call
            }
            Cache cache = caches.get(pooled);
            if (cache == null) {
                caches.keySet().removeIf(ReadCaches::isClosed); // retired by the pool, their statements with them
                cache = new Cache(pooled);
                caches.put(pooled, cache);
            }
            h.define(ATTRIBUTE, cache);
        }

        private static boolean isClosed(Connection connection) {
            try {
                return connection.isClosed();
            } catch (SQLException e) {
                return true;
            }
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // closing a statement of a connection that is going away
        }
    }
}
