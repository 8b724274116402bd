package dev.parley.store;

import dev.parley.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite: a new database file in each test's temp dir. */
class SqliteStoreContractTest extends StoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected Database cleanDatabase() {
        return Database.open(TestServer.config(dataDir));
    }

    @Override
    protected void release(Database used) {
        used.close();
    }

    @Override
    protected Dialect expectedDialect() {
        return Dialect.SQLITE;
    }
}
