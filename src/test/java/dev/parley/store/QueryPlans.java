package dev.parley.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.Query;

/**
 * The plans the database chooses for a store's statements, on a table of clients big enough that reading it whole
 * would show. For the few tests that guard why an index exists: a plan test breaks when the planner changes its mind
 * for a good reason too, so it is kept for statements whose speed on big channels is the point.
 */
public final class QueryPlans {

    /** Clients in the big channel (1): enough for PostgreSQL to prefer an index to reading the table. */
    public static final int CLIENTS = 20_000;

    private static final Pattern NAMED = Pattern.compile("(?<!:):(\\w+)");

    private QueryPlans() {
    }

    /**
     * Fills {@code clients}: about {@link #CLIENTS} in channel 1 (a tenth of them test clients of the studio) and a
     * small channel 2, active about 17 to a minute. On PostgreSQL then does what autovacuum does after a bulk insert:
     * takes the planner's statistics and marks the pages all-visible, as those of a big channel's idle clients are.
     */
    public static void seedClients(Database db) {
        String numbers = db.dialect() == Dialect.POSTGRESQL
                ? "WITH n(i) AS (SELECT generate_series(0, " + (CLIENTS - 1) + "))"
                : "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (CLIENTS - 1) + ")";
        // a bot session of 300 characters, as a client row holds: the table is much wider than its index
        String session = db.dialect() == Dialect.POSTGRESQL ? "repeat('s', 300)" : "hex(zeroblob(150))";
        boolean postgres = db.dialect() == Dialect.POSTGRESQL;
        db.write(h -> {
            if (postgres) {
                // the test server commits asynchronously, and VACUUM marks a page all-visible only once the commit
                // that wrote its rows is flushed
                h.execute("SET LOCAL synchronous_commit = on");
            }
            return h.execute(numbers + """
                    INSERT INTO clients (channel_id, client_id, session, session_version, session_ended,
                                         last_activity, activity_minute, last_ts, message_count, test)
                    SELECT CASE WHEN i % 50 = 0 THEN 2 ELSE 1 END, 'client-' || i, SESSION, 1, 0,
                           1767225600000 + i * 3517, (1767225600000 + i * 3517) / 60000, 1767225600000 + i * 3517, 2,
                           CASE WHEN i % 10 = 1 THEN 1 ELSE 0 END
                    FROM n""".replace("SESSION", session));
        });
        if (postgres) {
            db.read(h -> h.execute("VACUUM ANALYZE clients")); // SQLite plans without statistics: Parley takes none
        }
    }

    /** The plan of {@code sql} with these named values, one line per node. */
    public static String explain(Database db, String sql, Map<String, Object> values) {
        boolean postgres = db.dialect() == Dialect.POSTGRESQL;
        return db.read(h -> {
            Query query = h.createQuery((postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql);
            values.forEach(query::bind);
            List<String> lines = query.map((rs, ctx) -> rs.getString(postgres ? 1 : 4)).list();
            return String.join("\n", lines);
        });
    }

    /**
     * As {@link #explain}, with PostgreSQL's generic plan: the one that a statement the driver keeps prepared may
     * settle on after a few runs, planned without knowing the values ({@code :name} becomes a parameter).
     */
    public static String explainGeneric(Database db, String sql, Map<String, Object> values) {
        List<String> names = new ArrayList<>();
        Matcher named = NAMED.matcher(sql);
        StringBuilder prepared = new StringBuilder();
        while (named.find()) {
            if (!names.contains(named.group(1))) {
                names.add(named.group(1));
            }
            named.appendReplacement(prepared, "\\$" + (names.indexOf(named.group(1)) + 1));
        }
        named.appendTail(prepared);
        String arguments = names.isEmpty() ? ""
                : names.stream().map(name -> literal(values.get(name))).collect(Collectors.joining(", ", "(", ")"));
        return db.read(h -> {
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE planned AS " + prepared);
            try {
                return String.join("\n", h.createQuery("EXPLAIN EXECUTE planned" + arguments)
                        .mapTo(String.class).list());
            } finally {
                h.execute("DEALLOCATE planned");
                h.execute("RESET plan_cache_mode");
            }
        });
    }

    private static String literal(Object value) {
        return value instanceof String text ? "'" + text.replace("'", "''") + "'" : String.valueOf(value);
    }
}
