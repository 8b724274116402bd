package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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
 * row locks ({@code SELECT … FOR UPDATE}) order the writers.
 *
 * <p>A PostgreSQL that goes away makes requests fail within the configured timeout instead of hanging, with
 * exceptions that {@link DatabaseErrors} recognises; {@link #problem()} tells a load balancer, within about
 * {@link #PING_TIMEOUT}, that the database does not answer or that writes are failing. Thread-safe.
 */
public final class Database implements AutoCloseable {

    static final int BUSY_TIMEOUT_MILLIS = 30_000;
    /** How long {@link #problem()} waits for the database to answer a ping. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long a PostgreSQL query may wait for the server's next bytes: no query of Parley's takes that long, and a
     * server that stopped answering (a hung host, a lost network) would otherwise hold its connection for good.
     */
    static final int SOCKET_TIMEOUT_SECONDS = 30;
    /**
     * PostgreSQL: how many lanes commit the writes of single clients ({@link PostgresLanes}). One: a lane's batch
     * grows with the load, and its commit's flush to disk serves it all, where several lanes would each flush their
     * smaller batches (sync turns on 2 cores: 8,000/s with one lane, 6,600–6,800 with two, 6,000 with three, 5,200
     * with four).
     */
    static final int LANES = 1;

    private final Dialect dialect;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final Jdbi writer;
    private final Jdbi reader;
    /** SQLite: the statements kept prepared on each read connection ({@link Prepared#statement}). */
    private final Prepared.ReadCaches readStatements;
    private final GroupCommitter committer;
    private final Checkpointer checkpointer;
    private final HikariDataSource pingPool;
    private final Jdbi pinger;
    private final WriteFailures writeFailures;
    /** PostgreSQL only: sends the notices of committed writes ({@link PostgresNotifier#afterCommit}). */
    private final PostgresNotifier notifier;
    private final HikariDataSource notifyPool;
    /** PostgreSQL only: group commit of the writes of one client ({@link #writeForClient}). */
    private final PostgresLanes lanes;
    private final HikariDataSource lanePool;

    private Database(Dialect dialect, HikariDataSource writePool, HikariDataSource readPool, HikariDataSource pingPool,
            PostgresPools postgres, Path file, Clock clock) {
        this.dialect = dialect;
        this.writePool = writePool;
        this.readPool = readPool;
        this.pingPool = pingPool;
        this.writer = configure(Jdbi.create(writePool));
        this.reader = readPool == writePool ? writer : configure(Jdbi.create(readPool));
        this.readStatements = dialect == Dialect.SQLITE ? new Prepared.ReadCaches() : null;
        this.pinger = pingPool == readPool ? reader : Jdbi.create(pingPool);
        this.writeFailures = new WriteFailures(clock);
        this.committer = dialect == Dialect.SQLITE ? new GroupCommitter(writer, Checkpointer.SAFETY_NET_FRAMES) : null;
        this.checkpointer = dialect == Dialect.SQLITE ? new Checkpointer(reader, committer, file, Checkpointer.RESTART_FRAMES)
                : null;
        this.notifyPool = postgres != null ? postgres.notices() : null;
        this.notifier = postgres != null ? new PostgresNotifier(notifyPool) : null;
        this.lanePool = postgres != null ? postgres.lanes() : null;
        if (notifier != null) {
            writer.getConfig(SqlStatements.class).define(PostgresNotifier.ATTRIBUTE, notifier);
        }
        this.lanes = lanePool != null ? new PostgresLanes(laneJdbi(lanePool, notifier), LANES) : null;
    }

    /** The pools a PostgreSQL database has besides its main one. */
    private record PostgresPools(HikariDataSource notices, HikariDataSource lanes) {
    }

    private static Jdbi laneJdbi(HikariDataSource pool, PostgresNotifier notifier) {
        Jdbi jdbi = configure(Jdbi.create(pool));
        jdbi.getConfig(SqlStatements.class).define(PostgresNotifier.ATTRIBUTE, notifier);
        return jdbi;
    }

    /** Statements of both dialects share bindings, and each dialect's SQL uses only those it needs. */
    private static Jdbi configure(Jdbi jdbi) {
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        return jdbi;
    }

    /** Opens the configured database and brings its schema up to date. */
    public static Database open(Config config) {
        return open(config, Clock.systemUTC());
    }

    /** Opens the configured database; {@code clock} times the write failures that {@link #problem()} reports. */
    public static Database open(Config config, Clock clock) {
        return config.usesPostgres() ? openPostgres(config, clock) : openSqlite(config, clock);
    }

    private static Database openSqlite(Config config, Clock clock) {
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
        return new Database(Dialect.SQLITE, writes, reads, reads, null, file, clock);
    }

    private static Database openPostgres(Config config, Clock clock) {
        // a migration may take long (an index on a large table): its connection has no socket timeout
        HikariConfig migration = postgres(config, "parley-postgres-migrate", config.dbTimeout(), 0);
        migration.setMaximumPoolSize(4); // Flyway holds its lock on one connection and migrates on another
        migration.setMinimumIdle(0);
        try (HikariDataSource once = new HikariDataSource(migration)) {
            migrate(once, Dialect.POSTGRESQL);
        }
        HikariConfig hikari = postgres(config, "parley-postgres", config.dbTimeout(), SOCKET_TIMEOUT_SECONDS);
        hikari.setMaximumPoolSize(24);
        HikariDataSource pool = new HikariDataSource(hikari);
        // the health check's own connection: never queued behind requests that wait for the main pool
        HikariConfig ping = postgres(config, "parley-postgres-ping", PING_TIMEOUT, (int) PING_TIMEOUT.toSeconds() + 1);
        ping.setMaximumPoolSize(1);
        ping.setMinimumIdle(0);
        // the notifier's connection: notices need no flush to disk, and never wait behind requests for a connection
        HikariConfig notify = postgres(config, "parley-postgres-notify", config.dbTimeout(), SOCKET_TIMEOUT_SECONDS);
        notify.setMaximumPoolSize(1);
        notify.setMinimumIdle(0);
        notify.setConnectionInitSql("SET synchronous_commit = off");
        // the lanes' connections: one each, never queued behind requests; a lock held elsewhere fails their work
        HikariConfig lanes = postgres(config, "parley-postgres-lanes", config.dbTimeout(), SOCKET_TIMEOUT_SECONDS);
        lanes.setMaximumPoolSize(LANES);
        lanes.setConnectionInitSql("SET lock_timeout = " + PostgresLanes.LOCK_TIMEOUT.toMillis());
        return new Database(Dialect.POSTGRESQL, pool, pool, new HikariDataSource(ping),
                new PostgresPools(new HikariDataSource(notify), new HikariDataSource(lanes)), null, clock);
    }

    /**
     * A pool whose callers wait at most {@code timeout} for a connection, and whose connection attempts and logins
     * give up after it too (the driver counts whole seconds), and whose queries fail after waiting
     * {@code socketTimeoutSeconds} for the server (0: never). Settings given in the URL take precedence.
     */
    private static HikariConfig postgres(Config config, String name, Duration timeout, int socketTimeoutSeconds) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(config.dbUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setConnectionTimeout(timeout.toMillis());
        hikari.setValidationTimeout(Math.min(timeout.toMillis(), 5_000));
        String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
        hikari.addDataSourceProperty("connectTimeout", seconds);
        hikari.addDataSourceProperty("loginTimeout", seconds);
        hikari.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        return hikari;
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
        return counted(() -> committer != null ? committer.write(callback) : writer.inTransaction(callback));
    }

    /**
     * Runs {@code callback} as {@link #write} does, for work that locks rows of one client only, named by {@code
     * client} (the same string for the same client on every node). On PostgreSQL it takes that client's lane
     * ({@link PostgresLanes}), where it may share its commit with other clients' work and run twice, and a row lock
     * that it would wait for longer than {@link PostgresLanes#LOCK_TIMEOUT} fails it
     * ({@link DatabaseErrors#isLockTimeout}).
     */
    public <R> R writeForClient(String client, HandleCallback<R, RuntimeException> callback) {
        return lanes == null ? write(callback) : counted(() -> lanes.write(client, callback));
    }

    /** Runs a write, and counts it among the failed ones when it failed because the database was unavailable. */
    private <R> R counted(Supplier<R> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUnavailable(e)) {
                writeFailures.record();
            }
            throw e;
        }
    }

    /**
     * Whether a PostgreSQL notification was sent by this node's notifier ({@link PostgresNotifier#sentFrom}), by the
     * backend process that sent it; always false on SQLite.
     */
    public boolean sentHere(int backendPid) {
        return notifier != null && notifier.sentFrom(backendPid);
    }

    /** Runs {@code callback} on a read connection, outside any write transaction. */
    public <R> R read(HandleCallback<R, RuntimeException> callback) {
        if (readStatements == null) {
            return reader.withHandle(callback);
        }
        return reader.withHandle(h -> {
            readStatements.define(h);
            return callback.withHandle(h);
        });
    }

    /**
     * Why this node cannot serve requests now, or empty when it can: the database did not answer a trivial query
     * within {@link #PING_TIMEOUT}, or writes have been failing (see {@link WriteFailures}). Returns within about
     * {@code PING_TIMEOUT} whatever the database does.
     */
    public Optional<String> problem() {
        if (!answersWithin(PING_TIMEOUT)) {
            return Optional.of("the database does not answer within " + PING_TIMEOUT.toMillis() + " ms");
        }
        return writeFailures.problem();
    }

    /** Writes refused since the start because the database was unavailable (see {@link DatabaseErrors}). */
    public long unavailableWrites() {
        return writeFailures.total();
    }

    /** The ping runs on a thread of its own, so a socket stuck on a hung server cannot hold the caller. */
    private boolean answersWithin(Duration timeout) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("parley-db-ping").start(() -> answer.complete(ping()));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean ping() {
        try {
            return pinger.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
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
        if (lanes != null) {
            lanes.close();
            lanePool.close();
        }
        if (notifier != null) {
            notifier.close();
            notifyPool.close();
        }
        if (pingPool != readPool) {
            pingPool.close();
        }
        if (readPool != writePool) {
            readPool.close();
        }
        writePool.close();
    }
}
