package dev.parley.store;

import dev.parley.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Sends PostgreSQL notifications once the transactions they announce have committed, on a connection of its own,
 * many in one notification: the notices of one channel go as a JSON array of their texts, as many as fit in one
 * notification's 8,000 bytes ({@link #notices} reads them back). A notification costs PostgreSQL, the listening
 * connections and the listeners about as much whatever it holds, so a busy node's hundreds of notices a second cost
 * what a few do. A {@code pg_notify} inside a transaction would cost the transaction a round trip, and
 * PostgreSQL holds one lock for the whole database from the commit of a transaction that notified until that commit
 * is on disk, so such commits could not share a disk flush: every turn would wait for its own.
 *
 * <p>A notice waits {@link #COALESCE_MILLIS} for others, and what is queued while a send is under way goes in the
 * next one, so the notices of a busy node travel in batches, and a notice queued twice before it goes out goes out once. A send that fails (the
 * connection lost, the database restarting) is tried again, with what queued meanwhile, until it succeeds or the node
 * stops: a notice is late then, never lost while the node runs. The notifier's own transactions need no flush to disk
 * (a notice is news, not data), so they never wait for one. Thread-safe.
 */
public final class PostgresNotifier implements AutoCloseable {

    /** The handle attribute under which the writer's handles find the notifier. */
    static final String ATTRIBUTE = "parley.notifier";

    private static final System.Logger LOG = System.getLogger(PostgresNotifier.class.getName());
    private static final String SEND_SQL = "SELECT pg_notify(?, ?)";
    /** Bytes of a notification's payload at most: under PostgreSQL's 8,000, with room for the array's brackets. */
    static final int MAX_PAYLOAD_BYTES = 7_900;
    private static final long RETRY_MILLIS = 200;
    /**
     * How long a notice waits for others to go with it: a send takes about as long as a turn, so without the wait a
     * busy node would still send a notification per turn; well within the 50 ms a wake-up may take across nodes.
     */
    static final long COALESCE_MILLIS = 3;
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    /** How often an idle sender checks whether it should stop. */
    private static final long IDLE_CHECK_MILLIS = 100;

    /** One notice. */
    record Notice(String channel, String payload) {
    }

    private final DataSource source;
    /** The backend process of the connection this notifier sends on now (0: none yet), to tell its own notices. */
    private volatile int sendingPid;
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
            h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", channel)
                    .bind("payload", Json.write(List.of(payload))).mapTo(String.class).one();
        }
    }

    /**
     * Whether a notification came from this notifier, by the backend process that sent it: a node's own notices
     * announce commits whose local listeners have run already. Only the current connection counts, so a process id
     * that PostgreSQL gives to another node's connection later is never mistaken for this one's.
     */
    public boolean sentFrom(int backendPid) {
        return backendPid != 0 && backendPid == sendingPid;
    }

    /** The notices a notification of this notifier carries (its payload, a JSON array of their texts). */
    public static List<String> notices(String payload) {
        return Json.readTrustedStrings(payload);
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
                    if (running) {
                        Thread.sleep(COALESCE_MILLIS); // the commits of the next few milliseconds go with it
                    }
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

    /** Sends the batch, a notification per channel as far as they fit; false (after a pause) when it failed. */
    private boolean deliver(List<Notice> batch) throws InterruptedException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(SEND_SQL)) {
            sendingPid = c.unwrap(PGConnection.class).getBackendPID();
            for (Map.Entry<String, List<String>> payloads : payloads(batch).entrySet()) {
                for (String payload : payloads.getValue()) {
                    ps.setString(1, payloads.getKey());
                    ps.setString(2, payload);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
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

    /** The payloads to send by channel: each a JSON array of the channel's notices, at most {@link #MAX_PAYLOAD_BYTES}. */
    static Map<String, List<String>> payloads(List<Notice> batch) {
        Map<String, List<String>> payloads = new LinkedHashMap<>();
        Map<String, Array> open = new LinkedHashMap<>();
        for (Notice notice : batch) {
            String element = Json.write(notice.payload());
            int bytes = utf8Length(element);
            Array array = open.get(notice.channel());
            if (array != null && array.bytes + 1 + bytes + 1 > MAX_PAYLOAD_BYTES) {
                payloads.computeIfAbsent(notice.channel(), k -> new ArrayList<>()).add(array.close());
                array = null;
            }
            if (array == null) {
                array = new Array();
                open.put(notice.channel(), array);
            }
            array.add(element, bytes);
        }
        open.forEach((channel, array) -> payloads.computeIfAbsent(channel, k -> new ArrayList<>()).add(array.close()));
        return payloads;
    }

    /** A JSON array being built, and its length in UTF-8 bytes so far. */
    private static final class Array {
        private final StringBuilder json = new StringBuilder("[");
        private int bytes = 1;

        void add(String element, int elementBytes) {
            if (bytes > 1) {
                json.append(',');
                bytes++;
            }
            json.append(element);
            bytes += elementBytes;
        }

        String close() {
            return json.append(']').toString();
        }
    }

    private static int utf8Length(CharSequence s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
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
