package dev.parley.export;

import dev.parley.events.ClientKey;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads the messages of the event log for exports, row by row from a database cursor: on PostgreSQL a read-only
 * transaction with a fetch size (without one the driver reads the whole result into memory), on SQLite the driver's
 * own stepping through the result. Nothing is collected: each row goes to the sink before the next is read. Reads run
 * on a read connection, never on the writer, so an export holds up no turn; on SQLite it reads one WAL snapshot
 * while it runs. Thread-safe.
 */
public final class ExportStore {

    /** Receives each exported message as it is read. */
    @FunctionalInterface
    public interface Sink {
        void accept(MessageRow row) throws IOException;
    }

    /** Rows fetched per round trip on PostgreSQL: enough to amortise the trip, little memory. */
    static final int FETCH_SIZE = 1_000;

    private static final String COLUMNS = "SELECT client_id, ts, author, question_id, status, text, body FROM events";

    private final Database db;

    public ExportStore(Database db) {
        this.db = db;
    }

    /** Whether the channel holds anything of this client (its row is there from its first event on). */
    public boolean hasClient(ClientKey key) {
        return db.read(h -> h.createQuery(
                        "SELECT COUNT(*) FROM clients WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).mapTo(Long.class).one() > 0);
    }

    /** Every message of one client, oldest first; returns how many. */
    public long transcript(ClientKey key, Sink sink) throws IOException {
        return stream(COLUMNS + " WHERE channel_id = ? AND client_id = ? AND author IS NOT NULL ORDER BY ts",
                sink, key.channelId(), key.clientId());
    }

    /**
     * The channel's messages with {@code from <= ts < to}, client by client (in client id order), each client's
     * oldest first: the order of the {@code (channel_id, client_id, ts)} index, so that the database never sorts.
     */
    public long span(long channelId, long from, long to, Sink sink) throws IOException {
        return stream(COLUMNS + " WHERE channel_id = ? AND author IS NOT NULL AND ts >= ? AND ts < ?"
                + " ORDER BY client_id, ts", sink, channelId, from, to);
    }

    private long stream(String sql, Sink sink, Object... params) throws IOException {
        try {
            return db.read(h -> h.inTransaction(tx -> rows(tx, sql, sink, params)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private long rows(Handle h, String sql, Sink sink, Object... params) {
        if (db.dialect() == Dialect.POSTGRESQL) {
            h.execute("SET TRANSACTION READ ONLY");
        }
        try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            long count = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(rs));
                    count++;
                }
            }
            return count;
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageRow row(ResultSet rs) throws SQLException {
        return new MessageRow(rs.getString(1), rs.getLong(2), rs.getString(3), nonNull(rs.getString(4)),
                nonNull(rs.getString(5)), nonNull(rs.getString(6)), rs.getString(7));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
