package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Sends PostgreSQL notifications once the transactions they announce have committed, on a connection of its own,
 * many in one statement. A {@code pg_notify} inside a transaction would cost the transaction a round trip, and
 * PostgreSQL holds one lock for the whole database from the commit of a transaction that notified until that commit
 * is on disk, so such commits could not share a disk flush: every turn would wait for its own.
 *
 * <p>What is queued while a send is under way goes in the next one, so the notices of a busy node travel in batches
 * without any added wait, and a notice queued twice before it goes out goes out once. A send that fails (the
 * connection lost, the database restarting) is tried again, with what queued meanwhile, until it succeeds or the node
 * stops: a notice is late then, never lost while the node runs. The notifier's own transactions need no flush to disk
 * (a notice is news, not data), so they never wait for one. Thread-safe.
 */
public final class PostgresNotifier implements AutoCloseable {

    /** The handle attribute under which the writer's handles find the notifier. */
    static final String ATTRIBUTE = "parley.notifier";
    /** Notices in one statement at most: a statement of a few tens of KB. */
    static final int MAX_BATCH = 1_000;

    private static final System.Logger LOG = System.getLogger(PostgresNotifier.class.getName());
    private static final String SEND_SQL = "SELECT pg_notify(n.channel, n.payload) FROM unnest(?::text[], ?::text[])"
            + " AS n(channel, payload)";
    private static final long RETRY_MILLIS = 200;
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    /** How often an idle sender checks whether it should stop. */
    private static final long IDLE_CHECK_MILLIS = 100;

    /** One notice. */
    record Notice(String channel, String payload) {
    }

    private final DataSource source;
    private final BlockingQueue<Notice> queued = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile boolean running = true;

    /**
     * @param source the connections to send on; each must have {@code synchronous_commit} off, a socket timeout
     *     and a connect timeout, so that a send never hangs
     */
    PostgresNotifier(DataSource source) {
        this.source = source;
        this.sender = Thread.ofPlatform().daemon().name("parley-pg-notify").start(this::run);
    }

    /**
     * Sends {@code payload} on {@code channel} once the transaction of {@code h} has committed, and never if it rolls
     * back. On a handle without a notifier (a PostgreSQL handle that does not come from {@link Database#write}) or
     * outside a transaction, the notice goes with {@code pg_notify} on the handle, which PostgreSQL sends when that
     * transaction commits.
     */
    public static void afterCommit(Handle h, String channel, String payload) {
        if (h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE) instanceof PostgresNotifier notifier
                && h.isInTransaction()) {
            h.afterCommit(() -> notifier.send(channel, payload));
        } else {
            h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", channel).bind("payload", payload)
                    .mapTo(String.class).one();
        }
    }

    /** Queues a notice for the next send. */
    void send(String channel, String payload) {
        queued.add(new Notice(channel, payload));
    }

    private void run() {
        Set<Notice> batch = new LinkedHashSet<>();
        try {
            while (running || !batch.isEmpty() || !queued.isEmpty()) {
                if (batch.isEmpty() && queued.isEmpty()) {
                    Notice first = queued.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                takeInto(batch);
                if (deliver(new ArrayList<>(batch))) {
                    batch.clear();
                } else if (!running) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds what is queued to the batch: a notice queued twice before it goes out goes out once. */
    private void takeInto(Set<Notice> batch) {
        List<Notice> taken = new ArrayList<>();
        queued.drainTo(taken);
        batch.addAll(taken);
    }

    /** Sends the batch, in statements of {@link #MAX_BATCH}; false (after a pause) when it failed. */
    private boolean deliver(List<Notice> batch) throws InterruptedException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(SEND_SQL)) {
            for (int from = 0; from < batch.size(); from += MAX_BATCH) {
                List<Notice> part = batch.subList(from, Math.min(batch.size(), from + MAX_BATCH));
                ps.setArray(1, c.createArrayOf("text", part.stream().map(Notice::channel).toArray()));
                ps.setArray(2, c.createArrayOf("text", part.stream().map(Notice::payload).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // one row per notice, nothing in it
                    }
                }
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            if (running) {
                LOG.log(System.Logger.Level.WARNING, "Could not send " + batch.size()
                        + " PostgreSQL notifications; trying again: " + e);
                Thread.sleep(RETRY_MILLIS);
            }
            return false;
        }
    }

    /** Stops sending, after one last try to send what is queued. */
    @Override
    public void close() {
        running = false;
        try {
            sender.join(CLOSE_WAIT_MILLIS);
            if (sender.isAlive()) {
                sender.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
