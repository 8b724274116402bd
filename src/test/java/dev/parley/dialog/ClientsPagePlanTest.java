package dev.parley.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.config.Config;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import dev.parley.store.QueryPlans;
import dev.parley.store.TestPostgres;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page of the Dialogs clients list reads the index clients_recent in its order, on every database: a channel of
 * 100,000 clients must not be read and sorted whole for each page. The index holds the minute of the activity, not the
 * activity (V21, so that turns update client rows without touching it): the plan sorts only within a minute.
 */
class ClientsPagePlanTest {

    private static final Map<String, Object> VALUES = Map.of("channelId", 1L, "limit", 50, "minute", 29_454_000L,
            "lastActivity", 1_767_240_000_000L, "afterClient", "client-4000", "prefixLength", 7, "prefix", "client-");

    @Test
    void aPageReadsTheIndexInOrderAndSortsOnlyWithinAMinuteOnSqlite() {
        try (Database db = Database.open(TestServer.config(TestServer.tempDir()))) {
            QueryPlans.seedClients(db);
            for (boolean after : new boolean[] {false, true}) {
                for (boolean prefix : new boolean[] {false, true}) {
                    String plan = QueryPlans.explain(db, DialogStore.pageSql(Dialect.SQLITE, after, prefix), VALUES);

                    assertThat(plan).as(plan).contains("SEARCH clients USING INDEX clients_recent (channel_id=?")
                            .contains("USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY")
                            .doesNotContain("SCAN clients");
                }
            }
        }
    }

    /**
     * With the custom plan for the values, and the generic one a statement the driver keeps prepared may settle on.
     * 20,000 clients are enough for PostgreSQL to prefer the index to reading the table; nothing is forced. A prefix
     * filter is left out: PostgreSQL guesses it keeps 0.5% of the clients and may rather read the table, by its costs.
     */
    @Test
    void aPageReadsTheIndexInOrderAndSortsOnlyWithinAMinuteOnPostgres() {
        Config config = TestPostgres.newDatabase(TestServer.tempDir());
        try (Database db = Database.open(config)) {
            QueryPlans.seedClients(db);
            for (boolean after : new boolean[] {false, true}) {
                String sql = DialogStore.pageSql(Dialect.POSTGRESQL, after, false);
                for (String plan : new String[] {QueryPlans.explain(db, sql, VALUES),
                        QueryPlans.explainGeneric(db, sql, VALUES)}) {

                    assertThat(plan).as(plan).contains("Index Scan Backward using clients_recent on clients")
                            .contains("Incremental Sort").contains("Presorted Key: clients.activity_minute")
                            .doesNotContain("Seq Scan on clients");
                }
            }
        } finally {
            TestPostgres.dropDatabase(config);
        }
    }
}
