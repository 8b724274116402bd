package dev.parley.agent;

import dev.parley.config.Config;
import dev.parley.store.TestPostgres;
import dev.parley.testing.TestServer;
import java.time.Clock;

/**
 * The hand-off tests on PostgreSQL, whose turns read their client's row from what the node's last turn committed
 * (CommittedRows): a hand-off queued or closed by one turn must route the next turn, to the agents or back to the bot.
 */
class AgentOnPostgresHttpTest extends AgentHttpTest {

    private Config config;

    @Override
    TestServer startServer() {
        config = TestPostgres.newDatabase(TestServer.tempDir());
        return TestServer.start(config, Clock.systemUTC());
    }

    @Override
    void afterServer() {
        TestPostgres.dropDatabase(config);
    }
}
