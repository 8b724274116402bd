package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Plain JDBC statements for the few statements every turn runs, kept prepared on the SQLite writer's connection so
 * that a turn pays neither SQLite's statement compilation nor JDBI's per-statement machinery. On any other handle
 * (reads, PostgreSQL) a statement is prepared for the call and closed after it.
 */
public final class Prepared {

    static final String ATTRIBUTE = "parley.prepared";

    /** The statements of one connection; used by the one thread that owns that connection. */
    static final class Cache {
        private final Map<String, PreparedStatement> statements = new HashMap<>();

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
                ps = connection.prepareStatement(sql);
                c.statements.put(sql, ps);
            }
            return new Use(ps, false);
        }
        return new Use(connection.prepareStatement(sql), true);
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // closing a statement of a connection that is going away
        }
    }
}
