package dev.parley.events;

import dev.parley.store.DeferredWrites;
import dev.parley.store.Dialect;
import dev.parley.store.PostgresNotifier;
import dev.parley.store.Prepared;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The client row: the client's bot session and the clock that gives the client's events strictly increasing
 * timestamps. Every append reserves its timestamps here in the same transaction, under the row's lock, so two
 * events of one client never share a millisecond, on any node.
 */
public final class ClientClock {

    /**
     * The stored client row; {@code session} is empty when no bot session was ever started, {@code handoffId} is 0
     * while the bot (not an agent) has the client.
     */
    public record ClientRow(String session, long sessionVersion, boolean sessionEnded, long lastActivity,
            long lastTs, long messageCount, long handoffId, boolean hasTimer) {

        public boolean withAgent() {
            return handoffId != 0;
        }
    }

    /**
     * The PostgreSQL channel on which commits announce the clients with new events to the other nodes, as
     * {@code channelId:clientId} in the notifier's JSON arrays ({@link PostgresNotifier#notices}).
     */
    public static final String NOTIFY_CHANNEL = "parley_clients";

    /**
     * The length of the minute of {@code clients.activity_minute} ({@link #activityMinute}), which the Dialogs index
     * holds instead of {@code last_activity} so that a turn's update changes no indexed column (V21). Every statement
     * that writes {@code last_activity} writes the minute with it: bound, or as {@code / 60000} where the statement
     * computes it (the lanes' batch update, the migration).
     */
    public static final long ACTIVITY_MINUTE_MILLIS = 60_000;

    private static final String FIND_SQL = """
            SELECT session, session_version, session_ended, last_activity, last_ts, message_count, handoff_id, has_timer
            FROM clients WHERE channel_id = ? AND client_id = ?""";

    /** PostgreSQL: the rows of many clients, whose keys follow as {@code VALUES} rows ({@link #values}). */
    private static final String FIND_ALL_SQL = """
            SELECT c.channel_id, c.client_id, session, session_version, session_ended, last_activity, last_ts,
                   message_count, handoff_id, has_timer
            FROM clients c JOIN (VALUES %s) AS k(channel_id, client_id)
              ON c.channel_id = k.channel_id AND c.client_id = k.client_id""";

    /**
     * PostgreSQL: the session updates of many turns in one statement, each only if the row is still as its turn read
     * it (version and last timestamp), in the order given; returns the rows as updated, but for the sessions.
     */
    private static final String UPDATE_ALL_SQL = """
            UPDATE clients c SET session = v.session, session_version = c.session_version + 1,
                   session_ended = v.ended, has_timer = v.has_timer, last_activity = v.now, last_ts = v.last,
                   message_count = c.message_count + v.messages, unread = c.unread + v.unread,
                   activity_minute = v.now / 60000
            FROM (VALUES %s)
                 AS v(channel_id, client_id, session, ended, has_timer, now, last, messages, unread, version, read_ts)
            WHERE c.channel_id = v.channel_id AND c.client_id = v.client_id
              AND c.session_version = v.version AND c.last_ts = v.read_ts
            RETURNING c.channel_id, c.client_id, c.session_version, c.session_ended, c.last_activity, c.last_ts,
                      c.message_count, c.handoff_id, c.has_timer""";
    private static final String KEY_ROW = "(?::bigint, ?::text)";
    private static final String UPDATE_ROW = "(?::bigint, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint,"
            + " ?::bigint, ?::bigint, ?::bigint, ?::bigint)";

    /**
     * A turn's session update, deferred to its lane's commit ({@link DeferredWrites}).
     *
     * @param written gets the row as updated, in the lane's transaction before it commits
     */
    private record SessionUpdate(ClientKey key, ClientRow read, String session, boolean ended, boolean hasTimer,
            long now, long last, int messages, int unread, Consumer<ClientRow> written) {
    }

    private static final DeferredWrites.Table<SessionUpdate> SESSION_UPDATES = ClientClock::updateAll;

    private static final String INSERT_SQL = """
            INSERT INTO clients (channel_id, client_id, session, session_version, session_ended, has_timer,
                                 last_activity, last_ts, message_count, unread, activity_minute)
            VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel_id, client_id) DO NOTHING
            RETURNING last_ts""";

    private final String greatest;
    private final boolean postgres;
    private final String updateSql;
    private final String reserveSql;

    /** The minute of {@code clients.activity_minute} for an activity at {@code millis} (epoch milliseconds). */
    public static long activityMinute(long millis) {
        return millis / ACTIVITY_MINUTE_MILLIS;
    }

    /** Whether the client is a test client of the scenario studio; empty when the channel has no such client. */
    public static Optional<Boolean> isTest(Handle h, ClientKey key) {
        return h.createQuery("SELECT test FROM clients WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).mapTo(Long.class).findOne()
                .map(test -> test != 0);
    }

    /** Marks the client, whose row the caller's transaction holds, as a test client. */
    public static void markTest(Handle h, ClientKey key) {
        h.createUpdate("UPDATE clients SET test = 1 WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).execute();
    }

    public ClientClock(Dialect dialect) {
        this.greatest = dialect == Dialect.POSTGRESQL ? "GREATEST" : "MAX";
        this.postgres = dialect == Dialect.POSTGRESQL;
        this.updateSql = """
                UPDATE clients SET session = ?, session_version = session_version + 1,
                       session_ended = ?, has_timer = ?, last_activity = ?, activity_minute = ?,
                       last_ts = %s(last_ts + ?, ?),
                       message_count = message_count + ?, unread = unread + ?
                WHERE channel_id = ? AND client_id = ? AND session_version = ?
                RETURNING last_ts""".formatted(greatest);
        this.reserveSql = """
                INSERT INTO clients (channel_id, client_id, session, session_version, session_ended,
                                     last_activity, last_ts, message_count, activity_minute)
                VALUES (?, ?, '', 0, 1, ?, ?, ?, ?)
                ON CONFLICT (channel_id, client_id) DO UPDATE
                SET last_ts = %s(clients.last_ts + ?, ?),
                    message_count = clients.message_count + ?
                RETURNING last_ts""".formatted(greatest);
    }

    /**
     * On PostgreSQL, tells every listening node that this client has new events once (and only if) the transaction
     * commits.
     */
    private void announce(Handle h, ClientKey key) {
        if (postgres) {
            PostgresNotifier.afterCommit(h, NOTIFY_CHANNEL, key.channelId() + ":" + key.clientId());
        }
    }

    /**
     * Reads the client row.
     *
     * @param lock true to lock the row until the transaction ends (PostgreSQL; SQLite has one writer anyway)
     */
    public Optional<ClientRow> find(Handle h, ClientKey key, boolean lock) {
        // plain JDBC: every sync turn reads its row, and on SQLite's read connections the statement is kept prepared
        try (Prepared.Use use = Prepared.statement(h, lock && postgres ? FIND_SQL + " FOR UPDATE" : FIND_SQL)) {
            PreparedStatement ps = use.statement();
            ps.setLong(1, key.channelId());
            ps.setString(2, key.clientId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ClientRow(rs.getString(1), rs.getLong(2), rs.getInt(3) == 1,
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getInt(8) == 1))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * Reads the rows of many clients in one statement (PostgreSQL); those without a row are left out. Not locked.
     */
    public static Map<ClientKey, ClientRow> findAll(Handle h, List<ClientKey> keys) {
        Map<ClientKey, ClientRow> rows = HashMap.newHashMap(keys.size());
        // as many rows as the next power of two, the last key repeated: a few statements for PostgreSQL to plan
        int padded = keys.size() == 1 ? 1 : Integer.highestOneBit(keys.size() - 1) << 1;
        try (Prepared.Use use = Prepared.statement(h, FIND_ALL_SQL.formatted(values(KEY_ROW, padded)))) {
            PreparedStatement ps = use.statement();
            int p = 0;
            for (int i = 0; i < padded; i++) {
                ClientKey key = keys.get(Math.min(i, keys.size() - 1));
                ps.setLong(++p, key.channelId());
                ps.setString(++p, key.clientId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(new ClientKey(rs.getLong(1), rs.getString(2)), new ClientRow(rs.getString(3),
                            rs.getLong(4), rs.getInt(5) == 1, rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            rs.getLong(9), rs.getInt(10) == 1));
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
        return rows;
    }

    /** {@code n} copies of {@code row}, comma-separated: the rows of a {@code VALUES} list. */
    private static String values(String row, int n) {
        return String.join(", ", Collections.nCopies(n, row));
    }

    /**
     * Marks the client active at {@code now}: for messages that do not come through a turn, such as an agent's, whose
     * {@link #reserve} leaves the activity alone (an async request must not, or its turn would never find the session
     * idle). The Dialogs list orders clients by it.
     */
    public void touch(Handle h, ClientKey key, long now) {
        h.createUpdate("UPDATE clients SET last_activity = " + greatest + "(last_activity, :now), activity_minute = "
                        + greatest + "(activity_minute, :minute) WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("now", now).bind("minute", activityMinute(now)).bind("channelId", key.channelId())
                .bind("clientId", key.clientId()).execute();
    }

    /**
     * Reserves {@code count} timestamps for events that do not touch the bot session, creating the row if needed.
     *
     * @return the last reserved timestamp; the reserved ones are {@code last - count + 1 … last}
     */
    public long reserve(Handle h, ClientKey key, int count, int messages, long now) {
        announce(h, key);
        try (Prepared.Use use = Prepared.statement(h, reserveSql)) {
            PreparedStatement ps = use.statement();
            ps.setLong(1, key.channelId());
            ps.setString(2, key.clientId());
            ps.setLong(3, now);
            ps.setLong(4, now + count - 1);
            ps.setInt(5, messages);
            ps.setLong(6, activityMinute(now));
            ps.setInt(7, count);
            ps.setLong(8, now + count - 1);
            ps.setInt(9, messages);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * Stores the session a turn produced and reserves timestamps for its events, if the session is still the one
     * the turn started from.
     *
     * @param expectedVersion the version the turn read, or empty when it found no row
     * @param hasTimer whether the client has a pending bot timer after this turn
     * @param unread how many of the events count as unread ({@link EventLog#isUnread}): the same statement moves the
     *     client's unread count, so the turn's append must not ({@link EventLog#append(Handle, List, int)})
     * @return the last reserved timestamp, or empty when another turn got there first (the caller retries)
     */
    public OptionalLong advance(Handle h, ClientKey key, OptionalLong expectedVersion, String session,
            boolean ended, boolean hasTimer, int count, int messages, int unread, long now) {
        announce(h, key);
        try (Prepared.Use use = Prepared.statement(h, expectedVersion.isPresent() ? updateSql : INSERT_SQL)) {
            PreparedStatement ps = use.statement();
            if (expectedVersion.isPresent()) {
                bindUpdate(ps, key, expectedVersion.getAsLong(), session, ended, hasTimer, count, messages, unread,
                        now);
            } else {
                bindInsert(ps, key, session, ended, hasTimer, count, messages, unread, now);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * The last timestamp {@link #advanceFrom} reserves when the client row is still as the turn read it
     * ({@code read}, empty when there was none): as the update's {@code GREATEST}, or the insert's. The row's clock can
     * move without a new session version (an async request was accepted, an agent wrote), so the caller must not take
     * this for the reserved one, only build ahead with it.
     */
    public static long expectedLast(Optional<ClientRow> read, int count, long now) {
        return read.map(row -> Math.max(row.lastTs() + count, now + count - 1)).orElse(now + count - 1);
    }

    /**
     * As {@link #advance}, from the row the turn read ({@code read}, empty when there was none). On a PostgreSQL
     * lane's handle ({@link DeferredWrites}) the update of a row that was read waits for the lane's commit, and goes
     * with the other turns' in one statement; the timestamps are then reserved from the read row, and a row that
     * changed meanwhile fails the turn with {@link DeferredWrites.Conflict} at the commit.
     *
     * @param written gets the row as this update left it, before the commit, when the update was deferred (the
     *     caller then knows the row it commits, as {@link CommittedRows} keeps it); not called otherwise
     */
    public OptionalLong advanceFrom(Handle h, ClientKey key, Optional<ClientRow> read, String session,
            boolean ended, boolean hasTimer, int count, int messages, int unread, long now,
            Consumer<ClientRow> written) {
        if (read.isEmpty() || !DeferredWrites.defers(h)) {
            return advance(h, key, read.map(row -> OptionalLong.of(row.sessionVersion())).orElse(OptionalLong.empty()),
                    session, ended, hasTimer, count, messages, unread, now);
        }
        announce(h, key);
        long last = expectedLast(read, count, now);
        DeferredWrites.write(h, SESSION_UPDATES, List.of(new SessionUpdate(key, read.get(), session, ended, hasTimer,
                now, last, messages, unread, written)));
        return OptionalLong.of(last);
    }

    private static void updateAll(Handle h, List<SessionUpdate> updates) {
        try (Prepared.Use use = Prepared.statement(h, UPDATE_ALL_SQL.formatted(values(UPDATE_ROW, updates.size())))) {
            PreparedStatement ps = use.statement();
            int p = 0;
            for (SessionUpdate u : updates) {
                ps.setLong(++p, u.key().channelId());
                ps.setString(++p, u.key().clientId());
                ps.setString(++p, u.session());
                ps.setLong(++p, u.ended() ? 1 : 0);
                ps.setLong(++p, u.hasTimer() ? 1 : 0);
                ps.setLong(++p, u.now());
                ps.setLong(++p, u.last());
                ps.setLong(++p, u.messages());
                ps.setLong(++p, u.unread());
                ps.setLong(++p, u.read().sessionVersion());
                ps.setLong(++p, u.read().lastTs());
            }
            Map<ClientKey, SessionUpdate> byKey = HashMap.newHashMap(updates.size());
            updates.forEach(u -> byKey.put(u.key(), u));
            List<Runnable> tell = new ArrayList<>(updates.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // the session is not returned: each update knows the one it wrote, and it may be long
                    SessionUpdate u = byKey.get(new ClientKey(rs.getLong(1), rs.getString(2)));
                    ClientRow row = new ClientRow(u.session(), rs.getLong(3), rs.getInt(4) == 1, rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getInt(9) == 1);
                    tell.add(() -> u.written().accept(row));
                }
            }
            if (tell.size() != updates.size()) {
                throw new DeferredWrites.Conflict((updates.size() - tell.size()) + " of " + updates.size()
                        + " client rows changed since their turns read them");
            }
            tell.forEach(Runnable::run);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static void bindUpdate(PreparedStatement ps, ClientKey key, long version, String session, boolean ended,
            boolean hasTimer, int count, int messages, int unread, long now) throws SQLException {
        ps.setString(1, session);
        ps.setInt(2, ended ? 1 : 0);
        ps.setInt(3, hasTimer ? 1 : 0);
        ps.setLong(4, now);
        ps.setLong(5, activityMinute(now));
        ps.setInt(6, count);
        ps.setLong(7, now + count - 1);
        ps.setInt(8, messages);
        ps.setInt(9, unread);
        ps.setLong(10, key.channelId());
        ps.setString(11, key.clientId());
        ps.setLong(12, version);
    }

    private static void bindInsert(PreparedStatement ps, ClientKey key, String session, boolean ended,
            boolean hasTimer, int count, int messages, int unread, long now) throws SQLException {
        ps.setLong(1, key.channelId());
        ps.setString(2, key.clientId());
        ps.setString(3, session);
        ps.setInt(4, ended ? 1 : 0);
        ps.setInt(5, hasTimer ? 1 : 0);
        ps.setLong(6, now);
        ps.setLong(7, now + count - 1);
        ps.setInt(8, messages);
        ps.setInt(9, unread);
        ps.setLong(10, activityMinute(now));
    }
}
