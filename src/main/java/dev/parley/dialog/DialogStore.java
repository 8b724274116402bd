package dev.parley.dialog;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a channel's clients and searches its messages. Test clients of the scenario studio are left out, as from the
 * channel's client count. Both reads are keyset pages on an index: clients on {@code clients_recent}, search hits by
 * event id on SQLite's {@code events_fts} (brought up to the log by {@link SearchIndex}) or PostgreSQL's {@code
 * events_text_search}, which the database keeps itself (V16). Thread-safe.
 */
public final class DialogStore {

    /**
     * The index holds the minute of the activity, not the activity (V21): a page reads it in order, minute by minute,
     * and sorts only the clients of a minute by their activity; (minute, activity, client) is the order of (activity,
     * client), since the minute derives from the activity. The index hint goes at the first {@code %s}, the conditions
     * at the second.
     */
    private static final String CLIENTS = """
            SELECT c.client_id, c.last_activity, c.message_count, c.unread, c.handoff_id, e.author, e.text, e.ts
            FROM (SELECT channel_id, client_id, last_activity, message_count, unread, handoff_id FROM clients%s
                  WHERE channel_id = :channelId AND test = 0 %s
                  ORDER BY activity_minute DESC, last_activity DESC, client_id DESC LIMIT :limit) c
            LEFT JOIN events e ON e.id = (SELECT id FROM events
                                          WHERE channel_id = c.channel_id AND client_id = c.client_id
                                            AND author IS NOT NULL
                                          ORDER BY ts DESC LIMIT 1)
            ORDER BY c.last_activity DESC, c.client_id DESC""";
    /** After the cursor: its minute or earlier on the index, then below it within its minute. */
    private static final String AFTER = " AND activity_minute <= :minute"
            + " AND (last_activity, client_id) < (:lastActivity, :afterClient)";
    private static final String PREFIX = " AND substr(client_id, 1, :prefixLength) = :prefix";
    private static final String ONE = " AND client_id = :clientId";
    /**
     * SQLite, which plans without statistics, would take the primary key for {@code channel_id = ?} and sort all the
     * channel's clients for a first page, now that the index gives only the minutes' order; PostgreSQL takes the index.
     */
    private static final String PAGE_INDEX_SQLITE = " INDEXED BY clients_recent";

    private static final String NOT_TEST = """
            AND NOT EXISTS (SELECT 1 FROM clients c
                            WHERE c.channel_id = e.channel_id AND c.client_id = e.client_id AND c.test <> 0)""";
    /**
     * How many matches of the words there are in every channel below the cursor (at most {@link #WINDOW}), and the
     * oldest of them: with one channel, or one that has most of the messages, a page is found among these.
     */
    private static final String WINDOW_SQLITE = """
            SELECT COUNT(*), MIN(id) FROM (SELECT rowid AS id FROM events_fts WHERE events_fts MATCH :query
                                           AND rowid < :below ORDER BY rowid DESC LIMIT :window)""";
    /**
     * The channel's matches within the window, newest first. CROSS JOIN keeps the index outside, so rows come in its
     * order and the scan stops at the page's end; the planner would otherwise read the channel's events and sort.
     */
    private static final String SEARCH_SQLITE = """
            SELECT e.id, e.client_id, e.question_id, e.author, e.text, e.ts
            FROM events_fts CROSS JOIN events e ON e.id = events_fts.rowid
            WHERE events_fts MATCH :query AND events_fts.rowid < :below AND events_fts.rowid >= :floor
              AND e.channel_id = :channelId
            """ + NOT_TEST + " ORDER BY events_fts.rowid DESC LIMIT :limit";
    /**
     * The matches in the channel alone, by the channel's own term: slower when the channel has most of the messages
     * (its term lists them all), so only for what the window did not settle.
     */
    private static final String SEARCH_SQLITE_CHANNEL = """
            SELECT e.id, e.client_id, e.question_id, e.author, e.text, e.ts
            FROM events_fts CROSS JOIN events e ON e.id = events_fts.rowid
            WHERE events_fts MATCH :query AND events_fts.rowid < :below AND events_fts.rowid >= :floor
            """ + NOT_TEST + " ORDER BY events_fts.rowid DESC LIMIT :limit";
    private static final int WINDOW = 2000;
    private static final String SEARCH_POSTGRES = """
            SELECT e.id, e.client_id, e.question_id, e.author, e.text, e.ts
            FROM events e
            WHERE e.channel_id = :channelId AND e.author IN ('CLIENT', 'BOT', 'OPERATOR')
              AND to_tsvector('english', e.text) @@ plainto_tsquery('english', :query) AND e.id < :below
            """ + NOT_TEST + " ORDER BY e.id DESC LIMIT :limit";

    private static final String HANDOFFS = """
            SELECT h.id, h.status, h.agent_id, a.name, h.first_message, h.created_at, h.updated_at
            FROM handoffs h LEFT JOIN agents a ON a.id = h.agent_id
            WHERE h.channel_id = :channelId AND h.client_id = :clientId
            ORDER BY h.id DESC LIMIT :limit""";

    private final Database db;
    private final boolean postgres;
    private final SearchIndex index;

    public DialogStore(Database db, SearchIndex index) {
        this.db = db;
        this.postgres = db.dialect() == Dialect.POSTGRESQL;
        this.index = index;
    }

    /**
     * Up to {@code limit} clients, most recently active first, after {@code after} (the last of the previous page)
     * and, unless {@code prefix} is empty, with an id that starts with it.
     */
    public List<ClientSummary> clients(long channelId, String prefix, Optional<ClientPosition> after,
            int limit) {
        String sql = pageSql(db.dialect(), after.isPresent(), !prefix.isEmpty());
        long lastActivity = after.map(ClientPosition::lastActivity).orElse(0L);
        return db.read(h -> h.createQuery(sql)
                .bind("channelId", channelId).bind("limit", limit)
                .bind("lastActivity", lastActivity).bind("minute", ClientClock.activityMinute(lastActivity))
                .bind("afterClient", after.map(ClientPosition::clientId).orElse(""))
                .bind("prefixLength", prefix.length()).bind("prefix", prefix)
                .map(DialogStore::summary).list());
    }

    /** The statement of a page of clients, after a cursor or not, with a prefix or not. */
    static String pageSql(Dialect dialect, boolean after, boolean prefix) {
        return CLIENTS.formatted(dialect == Dialect.POSTGRESQL ? "" : PAGE_INDEX_SQLITE,
                (after ? AFTER : "") + (prefix ? PREFIX : ""));
    }

    /** The client's summary; empty when the channel has no such client (or only a studio test client). */
    public Optional<ClientSummary> client(ClientKey key) {
        return db.read(h -> h.createQuery(CLIENTS.formatted("", ONE))
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("limit", 1)
                .map(DialogStore::summary).findOne());
    }

    /** The client's hand-offs, newest first, at most {@code limit}. */
    public List<HandoffSummary> handoffs(ClientKey key, int limit) {
        return db.read(h -> h.createQuery(HANDOFFS)
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("limit", limit)
                .map((rs, ctx) -> new HandoffSummary(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        orEmpty(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getLong(7)))
                .list());
    }

    /** Up to {@code limit} messages of the channel with all the words, newest first, below event id {@code below}. */
    public List<SearchHit> search(long channelId, SearchText text, OptionalLong below, int limit) {
        index.catchUp(); // what was committed before the search is found by it
        long under = below.orElse(Long.MAX_VALUE);
        return db.read(h -> postgres ? hits(h, SEARCH_POSTGRES, channelId, text.plain(), under, 0, limit)
                : searchSqlite(h, channelId, text, under, limit));
    }

    /**
     * The window of the newest matches in every channel first; when it was full but held too few of this channel's,
     * the rest of the page comes from the channel's own term, below the window.
     */
    private static List<SearchHit> searchSqlite(Handle h, long channelId, SearchText text, long below, int limit) {
        long[] window = h.createQuery(WINDOW_SQLITE).bind("query", text.fts5()).bind("below", below)
                .bind("window", WINDOW).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
        List<SearchHit> found = new ArrayList<>(hits(h, SEARCH_SQLITE, channelId, text.fts5(), below, window[1],
                limit));
        if (found.size() < limit && window[0] == WINDOW) {
            found.addAll(hits(h, SEARCH_SQLITE_CHANNEL, channelId, text.fts5(channelId), window[1], 0,
                    limit - found.size()));
        }
        return found;
    }

    private static List<SearchHit> hits(Handle h, String sql, long channelId, String query, long below, long floor,
            int limit) {
        return h.createQuery(sql).bind("channelId", channelId).bind("query", query).bind("below", below)
                .bind("floor", floor).bind("limit", limit).map(DialogStore::hit).list();
    }

    private static ClientSummary summary(ResultSet rs, StatementContext ctx) throws SQLException {
        String author = rs.getString(6);
        Optional<ClientSummary.Message> last = author == null ? Optional.empty()
                : Optional.of(new ClientSummary.Message(author, orEmpty(rs.getString(7)), rs.getLong(8)));
        return new ClientSummary(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5) != 0,
                last);
    }

    private static SearchHit hit(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SearchHit(rs.getLong(1), rs.getString(2), orEmpty(rs.getString(3)), rs.getString(4),
                orEmpty(rs.getString(5)), rs.getLong(6));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
