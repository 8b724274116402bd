package dev.parley.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.sqlite.SQLiteException;

/**
 * Tells a database that cannot serve anyone right now (down, unreachable, out of connections, out of disk) from a
 * failure of one request's own work. The first is worth a {@code 503} and a retry, and takes the node out of a load
 * balancer; the second is a bug or a conflict of that request. Stateless.
 */
public final class DatabaseErrors {

    /** SQLite's primary result codes for a disk that fails or is full, or a file that cannot be opened or written. */
    private static final Set<Integer> SQLITE_UNAVAILABLE = Set.of(8, 10, 13, 14); // READONLY, IOERR, FULL, CANTOPEN
    /** PostgreSQL: the server is shutting down, crashed or not accepting connections yet. */
    private static final Set<String> POSTGRES_SHUTDOWN = Set.of("57P01", "57P02", "57P03");
    /** PostgreSQL: a serialization failure, a deadlock. */
    private static final Set<String> POSTGRES_CONFLICT = Set.of("40001", "40P01");
    /** SQLite's primary result codes for a database another connection holds: BUSY, LOCKED. */
    private static final Set<Integer> SQLITE_BUSY = Set.of(5, 6);
    /** PostgreSQL: a lock not had within the connection's {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final int MAX_DEPTH = 32;

    private DatabaseErrors() {
    }

    /**
     * True when {@code failure}, or any of its causes, says the database is unavailable: no connection within the
     * pool's timeout, a connection error (SQLSTATE class {@code 08}), the server shutting down, out of resources
     * (class {@code 53}: disk full, out of memory, too many connections) or an I/O error; on SQLite a full disk, an
     * I/O error, or a file that cannot be opened or written.
     */
    public static boolean isUnavailable(Throwable failure) {
        return unavailability(failure).isPresent();
    }

    /** The cause in {@code failure}'s chain that says the database is unavailable, for the log: it names no data. */
    public static Optional<Throwable> unavailability(Throwable failure) {
        return cause(failure, DatabaseErrors::unavailable);
    }

    /**
     * True when {@code failure}, or any of its causes, says the transaction lost a race with another one and would
     * likely commit if tried again: a serialization failure or a deadlock on PostgreSQL ({@code 40001},
     * {@code 40P01}), a busy or locked database on SQLite.
     */
    public static boolean isConflict(Throwable failure) {
        return cause(failure, DatabaseErrors::conflict).isPresent();
    }

    /**
     * True when {@code failure}, or any of its causes, is PostgreSQL's lock timeout ({@code 55P03}): the work waited
     * longer than its connection's {@code lock_timeout} for a row another transaction holds.
     */
    public static boolean isLockTimeout(Throwable failure) {
        return cause(failure, e -> e instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState()))
                .isPresent();
    }

    /** The first of {@code failure} and its causes that passes {@code test}. */
    private static Optional<Throwable> cause(Throwable failure, Predicate<Throwable> test) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
            if (test.test(cause)) {
                return Optional.of(cause);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return Optional.empty();
    }

    private static boolean conflict(Throwable e) {
        if (e instanceof SQLiteException sqlite) {
            return SQLITE_BUSY.contains(sqlite.getErrorCode() & 0xff);
        }
        return e instanceof SQLException sql && POSTGRES_CONFLICT.contains(String.valueOf(sql.getSQLState()));
    }

    private static boolean unavailable(Throwable e) {
        if (e instanceof SQLTransientConnectionException) {
            return true; // Hikari: no connection could be had within the timeout
        }
        if (e instanceof SQLiteException sqlite) {
            return SQLITE_UNAVAILABLE.contains(sqlite.getErrorCode() & 0xff);
        }
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("53") || POSTGRES_SHUTDOWN.contains(state)
                    || state.equals("58030");
        }
        return false;
    }
}
