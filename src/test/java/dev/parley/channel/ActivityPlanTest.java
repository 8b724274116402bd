package dev.parley.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.config.Config;
import dev.parley.store.Database;
import dev.parley.store.QueryPlans;
import dev.parley.store.TestPostgres;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The channel list's client count and last activity per channel come from the index clients_recent, on every
 * database, and read client rows only for the latest minute: a channel of 100,000 clients must not be read whole.
 */
class ActivityPlanTest {

    private static final String ONE = JdbiChannelStore.ACTIVITY.formatted("AND channel_id = :channelId");
    private static final String ALL = JdbiChannelStore.ACTIVITY.formatted("");
    private static final Map<String, Object> VALUES = Map.of("channelId", 1L);

    @Test
    void activityCountsOnTheIndexAndReadsRowsOfTheLatestMinuteOnlyOnSqlite() {
        try (Database db = Database.open(TestServer.config(TestServer.tempDir()))) {
            QueryPlans.seedClients(db);
            for (String sql : new String[] {ONE, ALL}) {
                String plan = QueryPlans.explain(db, sql, VALUES);

                assertThat(plan).as(plan).containsPattern("(SEARCH|SCAN) clients USING COVERING INDEX clients_recent")
                        .contains("SEARCH c USING INDEX clients_recent (channel_id=? AND activity_minute=?)")
                        .doesNotContainPattern("(?m)^SCAN (clients|c)$").doesNotContain("sqlite_autoindex_clients");
            }
        }
    }

    /**
     * With the custom plan for the values, and the generic one a statement the driver keeps prepared may settle on.
     * The count is an index-only scan once the pages are all-visible (a big channel's idle clients), which the seed
     * makes them as autovacuum would; nothing is forced.
     */
    @Test
    void activityCountsOnTheIndexAndReadsRowsOfTheLatestMinuteOnlyOnPostgres() {
        Config config = TestPostgres.newDatabase(TestServer.tempDir());
        try (Database db = Database.open(config)) {
            QueryPlans.seedClients(db);
            for (String sql : new String[] {ONE, ALL}) {
                for (String plan : new String[] {QueryPlans.explain(db, sql, VALUES),
                        QueryPlans.explainGeneric(db, sql, VALUES)}) {

                    assertThat(plan).as(plan).contains("Index Only Scan using clients_recent on clients")
                            .contains("Index Scan using clients_recent on clients c")
                            .contains("Index Cond: ((channel_id = a.channel_id) AND (activity_minute = a.minute))")
                            .doesNotContain("Seq Scan on clients");
                }
            }
        } finally {
            TestPostgres.dropDatabase(config);
        }
    }
}
