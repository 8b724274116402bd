package dev.parley.events;

import dev.parley.store.DeferredWrites;
import dev.parley.store.Prepared;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The event log's statements. Features append through {@link EventWriter} (whose {@link EventTx} calls these), inside
 * the transaction that also moves the client's clock ({@link ClientClock}), so the log and the client row never
 * disagree and every commit listener sees every message.
 */
public final class EventLog {

    private static final String INSERT = """
            INSERT INTO events (channel_id, client_id, ts, type, question_id, cid, unsolicited, author, text, status,
                                pending, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final int COLUMNS = 12;
    /** Rows in one insert at most: well under the bound parameters a statement may have (SQLite: 32,766). */
    private static final int MAX_ROWS = 64;
    /** The inserts of one to four rows, one statement each: a turn's events cost one round trip on PostgreSQL. */
    private static final List<String> INSERT_ROWS = IntStream.rangeClosed(1, 4).mapToObj(EventLog::insertOf).toList();

    /** The events table, for {@link DeferredWrites}: one instance, since it keys the deferred rows. */
    private static final DeferredWrites.Table<NewEvent> EVENTS = EventLog::insertAll;

    private static final String ANSWERED = "UPDATE events SET pending = 0 WHERE id = ? AND pending = ?";
    private static final String CHANGE_UNREAD =
            "UPDATE clients SET unread = unread + ? WHERE channel_id = ? AND client_id = ?";

    private EventLog() {
    }

    /** Appends events in one batch on the caller's transaction. */
    static void append(Handle h, List<NewEvent> events) {
        append(h, events, 0);
    }

    /**
     * Appends events in one batch on the caller's transaction, whose update of the client row already counted
     * {@code unreadCounted} of them as unread ({@link ClientClock#advance}): only a difference costs a statement.
     */
    static void append(Handle h, List<NewEvent> events, int unreadCounted) {
        DeferredWrites.write(h, EVENTS, events);
        int unread = unread(events) - unreadCounted;
        if (unread != 0) {
            changeUnread(h, events.getFirst().client(), unread);
        }
    }

    /** Inserts the rows, {@link #MAX_ROWS} to a statement. */
    private static void insertAll(Handle h, List<NewEvent> events) {
        for (int from = 0; from < events.size(); from += MAX_ROWS) {
            insert(h, events.subList(from, Math.min(events.size(), from + MAX_ROWS)));
        }
    }

    /** Inserts the rows in one statement. */
    private static void insert(Handle h, List<NewEvent> rows) {
        try (Prepared.Use insert = Prepared.statement(h, insertRows(rows.size()))) {
            PreparedStatement ps = insert.statement();
            for (int i = 0; i < rows.size(); i++) {
                bind(ps, rows.get(i), 0, i * COLUMNS);
            }
            // as a batch of one: sqlite-jdbc leaves a kept statement whose executeUpdate failed (a full disk) unusable
            ps.addBatch();
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** How many of the events count as unread ({@link #isUnread}). */
    public static int unread(List<NewEvent> events) {
        int unread = 0;
        for (NewEvent e : events) { // a loop, not a stream: it runs in every turn's transaction, on SQLite's one writer
            if (isUnread(e.status())) {
                unread++;
            }
        }
        return unread;
    }

    /** Whether a message with this status counts as unread: sent (or delivered) to the client, not yet read. */
    public static boolean isUnread(String status) {
        return "SENT".equals(status) || "DELIVERED".equals(status);
    }

    /**
     * Moves the client's unread count, kept on the client row: every change of a message's status to or from an
     * unread one must come through here, in the transaction that changes it.
     */
    public static void changeUnread(Handle h, ClientKey client, int delta) {
        try (Prepared.Use update = Prepared.statement(h, CHANGE_UNREAD)) {
            PreparedStatement ps = update.statement();
            ps.setInt(1, delta);
            ps.setLong(2, client.channelId());
            ps.setString(3, client.clientId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * Appends one event and returns its row id; a {@linkplain NewEvent#pending() pending} request is marked as the
     * turn of node {@code owner} (a positive node id), which alone may answer it while it lives.
     */
    static long appendOne(Handle h, NewEvent e, long owner) {
        long id;
        try (Prepared.Use insert = Prepared.statement(h, INSERT + " RETURNING id")) {
            PreparedStatement ps = insert.statement();
            bind(ps, e, owner, 0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        } catch (SQLException ex) {
            throw new UnableToExecuteStatementException(ex, null);
        }
        if (isUnread(e.status())) {
            changeUnread(h, e.client(), 1);
        }
        return id;
    }

    /**
     * Marks an accepted async request as answered: its turn has committed, no node need run it again. False when the
     * request is not pending on node {@code owner} (any more): it was answered already, or another node took it over
     * because this one seemed gone; the caller must then roll back.
     */
    public static boolean answered(Handle h, long requestEventId, long owner) {
        try (Prepared.Use update = Prepared.statement(h, ANSWERED)) {
            update.statement().setLong(1, requestEventId);
            update.statement().setLong(2, owner);
            return update.statement().executeUpdate() == 1;
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static String insertRows(int rows) {
        return rows <= INSERT_ROWS.size() ? INSERT_ROWS.get(rows - 1) : insertOf(rows);
    }

    private static String insertOf(int rows) {
        String row = ", (" + String.join(", ", Collections.nCopies(COLUMNS, "?")) + ")";
        return INSERT + row.repeat(rows - 1);
    }

    /** Binds the event's columns after the first {@code offset} parameters. */
    private static void bind(PreparedStatement ps, NewEvent e, long owner, int offset) throws SQLException {
        if (e.pending() && owner <= 0) {
            throw new IllegalArgumentException("a pending request needs the node that runs its turn, not " + owner);
        }
        ps.setLong(offset + 1, e.client().channelId());
        ps.setString(offset + 2, e.client().clientId());
        ps.setLong(offset + 3, e.ts());
        ps.setString(offset + 4, e.type().wire());
        ps.setString(offset + 5, emptyToNull(e.questionId()));
        ps.setString(offset + 6, emptyToNull(e.cid()));
        ps.setInt(offset + 7, e.unsolicited() ? 1 : 0);
        ps.setString(offset + 8, emptyToNull(e.author()));
        ps.setString(offset + 9, emptyToNull(storable(e.text())));
        ps.setString(offset + 10, emptyToNull(e.status()));
        ps.setLong(offset + 11, e.pending() ? owner : 0);
        ps.setString(offset + 12, e.body());
    }

    /**
     * The text with each U+0000 replaced by U+FFFD: PostgreSQL refuses a NUL character in a text column (SQLSTATE
     * 22021), and a bot's reply or a client's query may carry one. Replaced on SQLite too, so that both store the same
     * text; the event's JSON body keeps the character, escaped.
     */
    static String storable(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
