package dev.parley.store;

import dev.parley.config.Config;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real PostgreSQL per test JVM, started on first use and stopped by a shutdown hook; each caller gets a fresh
 * database of its own in it. The binaries are zonky's from Maven Central ({@link PostgresBinaries}).
 * {@code TestPostgres.newDatabase(dir)} gives any test a {@link Config} for {@code Parley.start} or {@link Database}.
 *
 * <p>PostgreSQL refuses to run as root, and tests often do (CI containers). As root, initdb and the server therefore
 * run as the unprivileged user {@code nobody} through {@code runuser} (util-linux, on every Debian), with a data dir
 * that user owns. This needs no user namespaces, which containers often forbid. A JVM killed before its shutdown
 * hook leaves a server behind; the next start stops it ({@link #cleanOrphans}). A test that stops the database
 * (an outage) takes a server of its own: {@link #dedicated()}. Thread-safe.
 */
public final class TestPostgres {

    private static final String PREFIX = "parley-pg-";
    private static final String OWNER_FILE = "owner.pid";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    private record Server(Path home, Path bin, Path data, int port) {
        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }
    }

    private TestPostgres() {
    }

    /**
     * A PostgreSQL server of the caller's own, which it may stop and start again on the same port and data, as in a
     * database outage. Not thread-safe; close it after the test.
     */
    public static final class Instance implements AutoCloseable {
        private final Server pg;
        private final Thread hook;

        private Instance(Server pg) {
            this.pg = pg;
            this.hook = new Thread(() -> TestPostgres.stop(pg.home(), pg.bin(), pg.data()));
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** A test configuration whose database is a new, empty database on this server. */
        public Config newDatabase(Path dataDir) {
            return TestPostgres.newDatabase(pg, dataDir);
        }

        /** Stops the server at once, as a crash would: every connection drops, new ones are refused. */
        public void stop() {
            pgCtl(pg, "-m", "immediate", "-w", "stop");
        }

        /** Starts the stopped server again, on the same port and data; returns once it takes connections. */
        public void start() {
            pgCtl(pg, "-l", pg.data().resolve("server.log").toString(), "-w", "-t", "60", "start");
        }

        @Override
        public void close() {
            Runtime.getRuntime().removeShutdownHook(hook);
            TestPostgres.stop(pg.home(), pg.bin(), pg.data());
        }
    }

    /** Starts a PostgreSQL server for the caller alone (about a second; the binaries are cached). */
    public static Instance dedicated() {
        try {
            // an outage is a crash, which must lose nothing that was acknowledged: commits wait for the WAL write
            return new Instance(launch("synchronous_commit = on\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a test PostgreSQL", e);
        }
    }

    /** A test configuration whose database is a new, empty PostgreSQL database. */
    public static Config newDatabase(Path dataDir) {
        return newDatabase(server(), dataDir);
    }

    private static Config newDatabase(Server pg, Path dataDir) {
        String name = "parley_" + DATABASES.incrementAndGet();
        execute(pg, "CREATE DATABASE " + name);
        return TestServer.config(dataDir, Map.of("PARLEY_DB_URL", pg.url(name), "PARLEY_DB_USER", "postgres"));
    }

    private static void pgCtl(Server pg, String... args) {
        List<String> all = new ArrayList<>(List.of("-D", pg.data().toString()));
        all.addAll(List.of(args));
        try {
            run(pg.home(), pg.bin().resolve("pg_ctl"), all.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a database made by {@link #newDatabase}, closing any connection still open to it. */
    public static void dropDatabase(Config config) {
        String name = config.dbUrl().substring(config.dbUrl().lastIndexOf('/') + 1);
        execute(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(Server pg, String sql) {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            try {
                Server pg = launch("");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(pg.home(), pg.bin(), pg.data())));
                server = pg;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the test PostgreSQL", e);
            }
        }
        return server;
    }

    /** Starts a new server; {@code extraSettings} are lines for its {@code postgresql.conf}. */
    private static Server launch(String extraSettings) throws IOException {
        cleanOrphans();
        Path home = PostgresBinaries.newHome(PREFIX);
        Files.writeString(home.resolve(OWNER_FILE), String.valueOf(ProcessHandle.current().pid()));
        Path bin = PostgresBinaries.install(home.resolve("pg")).resolve("bin");
        Path data = home.resolve("data");
        Files.createDirectory(data);
        PostgresBinaries.giveToServerUser(data);
        run(home, bin.resolve("initdb"), "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF8",
                "--locale=C", "--no-sync");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Server pg = new Server(home, bin, data, freePort());
            Files.writeString(data.resolve("postgresql.conf"), settings(pg.port()) + extraSettings,
                    StandardOpenOption.APPEND);
            try {
                run(home, bin.resolve("pg_ctl"), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                        "-w", "-t", "60", "start");
                return pg;
            } catch (IOException e) {
                last = e; // most likely another process took the port in between: try another one
            }
        }
        throw last;
    }

    /** Fast and throwaway: nothing here has to survive a crash. Later lines override earlier ones. */
    private static String settings(int port) {
        return """

                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                max_connections = 300
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                """.formatted(port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void stop(Path home, Path bin, Path data) {
        try {
            run(home, bin.resolve("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException e) {
            System.err.println("Could not stop the test PostgreSQL in " + data + ": " + e.getMessage());
        }
        PostgresBinaries.deleteTree(home);
    }

    /** Stops and removes what test JVMs that died without their shutdown hook left behind. */
    private static void cleanOrphans() throws IOException {
        try (Stream<Path> homes = Files.list(PostgresBinaries.TMP)) {
            for (Path home : homes.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                if (!ownerAlive(home)) {
                    Path data = home.resolve("data");
                    if (Files.exists(data.resolve("postmaster.pid"))) {
                        stop(home, home.resolve("pg").resolve("bin"), data);
                    }
                    PostgresBinaries.deleteTree(home);
                }
            }
        }
    }

    private static boolean ownerAlive(Path home) {
        try {
            long pid = Long.parseLong(Files.readString(home.resolve(OWNER_FILE)).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true; // not ours to judge (being created, or not made by this class): leave it alone
        }
    }

    /** Runs a PostgreSQL program to completion, as {@code nobody} when this JVM is root. */
    private static void run(Path home, Path program, String... args) throws IOException {
        List<String> command = new ArrayList<>(PostgresBinaries.asServerUser());
        command.add(program.toString());
        command.addAll(List.of(args));
        Path log = home.resolve("commands.log");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + program, e);
        }
    }
}
