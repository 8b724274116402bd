package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stores' behaviour that must hold on every database Parley runs on. A subclass only says how each test gets an
 * empty database migrated by {@link Database#open}. The behaviours live in one interface per store, so that each
 * file stays short.
 */
abstract class StoreContractTest implements AccountStoreContract, CampaignStoreContract, ChannelStoreContract,
        DeadLetterStoreContract, DialogStoreContract,
        ClientClockContract, ErasureStoreContract, EventStoreContract, EventWriterContract, ExportStoreContract,
        HistoryStoreContract, RetentionStoreContract, PendingTurnsContract, ScenarioVersionsContract,
        StateStoreContract, StatsStoreContract,
        StatusStoreContract {

    private Database db;
    private LogFixture log;

    /** An empty, migrated database for the next test. */
    protected abstract Database cleanDatabase();

    /** Called after each test with the database it used. */
    protected abstract void release(Database used);

    protected abstract Dialect expectedDialect();

    @BeforeEach
    final void openDatabase() {
        db = cleanDatabase();
        log = new LogFixture(db);
    }

    @AfterEach
    final void closeDatabase() {
        release(db);
    }

    @Override
    public Database db() {
        return db;
    }

    @Override
    public LogFixture log() {
        return log;
    }

    @Test
    void databaseIsTheOneTheConfigurationNames() {
        assertThat(db.dialect()).isEqualTo(expectedDialect());
        assertThat(db.problem()).isEmpty();
    }
}
