package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The relational store behind every feature: SQLite in the data dir by default, PostgreSQL when configured.
 *
 * <p>On SQLite all writes go through one connection and one thread that commits them in batches: SQLite admits one
 * writer at a time anyway, queueing in Parley instead of inside SQLite means a busy database makes writers wait,
 * never fail with {@code SQLITE_BUSY}, and batching shares one commit among many turns.
 * Reads use their own pool and, thanks to WAL, never wait for the writer. On PostgreSQL one pool serves both, and
 * row locks ({@code SELECT … FOR UPDATE}) order the writers. Thread-safe.
 */
public final class Database implements AutoCloseable {

    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final Dialect dialect;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final Jdbi writer;
    private final Jdbi reader;
    private final GroupCommitter committer;
    private final Checkpointer checkpointer;

    private Database(Dialect dialect, HikariDataSource writePool, HikariDataSource readPool, Path file) {
        this.dialect = dialect;
        this.writePool = writePool;
        this.readPool = readPool;
        this.writer = configure(Jdbi.create(writePool));
        this.reader = readPool == writePool ? writer : configure(Jdbi.create(readPool));
        this.committer = dialect == Dialect.SQLITE ? new GroupCommitter(writer, Checkpointer.SAFETY_NET_FRAMES) : null;
        this.checkpointer = dialect == Dialect.SQLITE ? new Checkpointer(reader, committer, file, Checkpointer.RESTART_FRAMES)
                : null;
    }

    /** Statements of both dialects share bindings, and each dialect's SQL uses only those it needs. */
    private static Jdbi configure(Jdbi jdbi) {
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        return jdbi;
    }

    /** Opens the configured database and brings its schema up to date. */
    public static Database open(Config config) {
        return config.usesPostgres() ? openPostgres(config) : openSqlite(config);
    }

    private static Database openSqlite(Config config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create PARLEY_DATA_DIR " + config.dataDir(), e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        sqlite.setCacheSize(-16_000);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        Path file = config.dataDir().resolve("parley.db").toAbsolutePath();
        source.setUrl("jdbc:sqlite:" + file);
        HikariDataSource writes = pool("parley-sqlite-write", source, 1);
        migrate(writes, Dialect.SQLITE);
        HikariDataSource reads = pool("parley-sqlite-read", source, 8);
        return new Database(Dialect.SQLITE, writes, reads, file);
    }

    private static Database openPostgres(Config config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("parley-postgres");
        hikari.setJdbcUrl(config.dbUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setMaximumPoolSize(24);
        hikari.setConnectionTimeout(30_000);
        HikariDataSource pool = new HikariDataSource(hikari);
        migrate(pool, Dialect.POSTGRESQL);
        return new Database(Dialect.POSTGRESQL, pool, pool, null);
    }

    private static HikariDataSource pool(String name, DataSource source, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(size);
        hikari.setConnectionTimeout(60_000);
        return new HikariDataSource(hikari);
    }

    /** Brings the schema up to date before anything else touches the database. */
    private static void migrate(DataSource source, Dialect dialect) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration/" + dialect.migrations())
                .load()
                .migrate();
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code callback} in a write transaction and returns once it has committed. On SQLite the transaction
     * may share its commit with others queued at the same moment (see {@link GroupCommitter}); an exception from
     * the callback rolls back its own work only. The callback must not call {@code write} itself.
     */
    public <R> R write(HandleCallback<R, RuntimeException> callback) {
        return committer != null ? committer.write(callback) : writer.inTransaction(callback);
    }

    /** Runs {@code callback} on a read connection, outside any write transaction. */
    public <R> R read(HandleCallback<R, RuntimeException> callback) {
        return reader.withHandle(callback);
    }

    /** True when the database answers a trivial query. */
    public boolean ping() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when no other node can share this database, so a lease left by a previous run is void at start. */
    public boolean isSingleNode() {
        return dialect == Dialect.SQLITE;
    }

    /** The {@code FOR UPDATE} clause that locks a row for the transaction, or nothing where the dialect has one writer. */
    public String forUpdate() {
        return dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (committer != null) {
            committer.close();
        }
        if (readPool != writePool) {
            readPool.close();
        }
        writePool.close();
    }
}
