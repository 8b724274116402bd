package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Which failures mean "the database is unavailable, retry later" rather than a fault of the request. */
class DatabaseErrorsTest {

    @Test
    void aPoolThatHadNoConnectionWithinItsTimeoutIsUnavailable() {
        Exception hikari = new SQLTransientConnectionException("parley-postgres - Connection is not available");

        assertThat(DatabaseErrors.isUnavailable(new ConnectionException(hikari))).isTrue();
    }

    @Test
    void postgresConnectionErrorsAndShutdownsAreUnavailableWhereverTheyAreInTheCauseChain() {
        PSQLException refused = new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("refused"));
        PSQLException broken = new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE);

        assertThat(DatabaseErrors.isUnavailable(new ConnectionException(refused))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new CompletionException(
                new UnableToExecuteStatementException(broken, null)))).isTrue();
        for (String state : new String[] {"57P01", "57P02", "57P03", "53100", "53300", "58030"}) {
            assertThat(DatabaseErrors.isUnavailable(new UnableToExecuteStatementException(
                    new SQLException("terminating", state), null))).as(state).isTrue();
        }
    }

    @Test
    void sqliteFullDiskAndIoErrorsAreUnavailableAlsoAsExtendedCodes() {
        assertThat(DatabaseErrors.isUnavailable(new TransactionException("Failed to commit transaction",
                new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL)))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new UnableToExecuteStatementException(
                new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_WRITE), null))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new UnableToExecuteStatementException(
                new SQLiteException("readonly", SQLiteErrorCode.SQLITE_READONLY), null))).isTrue();
    }

    @Test
    void aRequestsOwnFailuresAreNotUnavailability() {
        assertThat(DatabaseErrors.isUnavailable(new UnableToExecuteStatementException(
                new PSQLException("duplicate key", PSQLState.UNIQUE_VIOLATION), null))).isFalse();
        assertThat(DatabaseErrors.isUnavailable(new UnableToExecuteStatementException(
                new SQLiteException("UNIQUE constraint failed", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE), null)))
                .isFalse();
        assertThat(DatabaseErrors.isUnavailable(new UnableToExecuteStatementException(
                new SQLException("syntax error", "42601"), null))).isFalse();
        assertThat(DatabaseErrors.isUnavailable(new SQLException("no state"))).isFalse();
        assertThat(DatabaseErrors.isUnavailable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(DatabaseErrors.isUnavailable(first)).isFalse();
    }
}
