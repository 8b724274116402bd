package dev.parley.store;

import dev.parley.config.Config;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on a real PostgreSQL ({@link TestPostgres}): a new database for this class, emptied before each
 * test. Emptying takes milliseconds where creating a database takes a checkpoint.
 */
class PostgresStoreContractTest extends StoreContractTest {

    @TempDir
    static Path dataDir;

    private static Config config;
    private static Database shared;

    @BeforeAll
    static void createDatabase() {
        config = TestPostgres.newDatabase(dataDir);
        shared = Database.open(config);
    }

    @AfterAll
    static void dropDatabase() {
        shared.close();
        TestPostgres.dropDatabase(config);
    }

    /** Every table but Flyway's, emptied, with its identity counters back at 1. */
    @Override
    protected Database cleanDatabase() {
        shared.write(h -> {
            List<String> tables = h.createQuery("""
                            SELECT tablename FROM pg_tables
                            WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history'""")
                    .mapTo(String.class).list();
            return h.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY");
        });
        return shared;
    }

    @Override
    protected void release(Database used) {
        // the next test empties it again; the class drops it
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }
}
