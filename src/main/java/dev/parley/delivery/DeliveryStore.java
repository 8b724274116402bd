package dev.parley.delivery;

import dev.parley.events.ClientKey;
import dev.parley.events.EventLog;
import dev.parley.json.Json;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The outbox table: claiming due deliveries, recording outcomes, dead letters. Thread-safe. */
public final class DeliveryStore {

    /** A delivery that gave up, as the admin API lists it. */
    public record DeadLetter(long id, long channelId, String clientId, List<String> questionIds, int attempts,
            String lastError, long failedAt) {
    }

    private final Database db;
    private final String skipLocked;

    public DeliveryStore(Database db) {
        this.db = db;
        this.skipLocked = db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * Forgets the {@code delivered} ones, then leases up to {@code limit} due deliveries, each the oldest pending
     * one of its client, so that a client's next delivery waits until the previous one succeeded or was
     * dead-lettered. Lease-holders on other nodes are skipped. One transaction, so finishing and claiming cost the
     * single SQLite writer one job rather than one per delivery.
     */
    public List<Delivery> claim(long now, int limit, long leaseUntil, Set<Long> skipChannels, List<Long> delivered) {
        String skip = skipChannels.isEmpty() ? "" : " AND d.channel_id NOT IN ("
                + skipChannels.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")";
        return db.write(h -> {
            if (!delivered.isEmpty()) {
                h.createUpdate("DELETE FROM deliveries WHERE id IN (<ids>)").bindList("ids", delivered).execute();
            }
            List<Delivery> due = h.createQuery("""
                            SELECT d.id, d.delivery_id, d.channel_id, d.client_id, d.question_ids, d.body, d.attempts,
                                   d.created_at
                            FROM deliveries d
                            WHERE d.state = 'PENDING' AND d.next_at <= :now AND d.lease_until <= :now""" + skip + """

                              AND NOT EXISTS (SELECT 1 FROM deliveries p
                                              WHERE p.channel_id = d.channel_id AND p.client_id = d.client_id
                                                AND p.state = 'PENDING' AND p.id < d.id)
                            ORDER BY d.next_at, d.id LIMIT :limit""" + skipLocked)
                    .bind("now", now).bind("limit", limit)
                    .map(DeliveryStore::delivery).list();
            if (!due.isEmpty()) {
                h.createUpdate("UPDATE deliveries SET lease_until = :lease WHERE id IN (<ids>)")
                        .bind("lease", leaseUntil).bindList("ids", due.stream().map(Delivery::id).toList()).execute();
            }
            return due;
        });
    }

    /**
     * Voids the leases of a previous run on a single-node database, where no other node can hold them; calls that
     * were in flight when the process died are made again at once instead of after their lease.
     */
    public void releaseStaleLeases() {
        if (db.isSingleNode()) {
            db.write(h -> h.createUpdate("UPDATE deliveries SET lease_until = 0 WHERE lease_until > 0").execute());
        }
    }

    public void retryAt(long id, int attempts, long nextAt, String error) {
        db.write(h -> h.createUpdate("""
                        UPDATE deliveries SET attempts = :attempts, next_at = :nextAt, lease_until = 0, last_error = :error
                        WHERE id = :id""")
                .bind("id", id).bind("attempts", attempts).bind("nextAt", nextAt).bind("error", clip(error))
                .execute());
    }

    /** Gives up on a delivery: it becomes a dead letter and its messages {@code NOT_SENT}. */
    public void deadLetter(Delivery d, int attempts, String error, long now) {
        db.write(h -> {
            h.createUpdate("""
                            UPDATE deliveries SET state = 'DEAD', attempts = :attempts, lease_until = 0,
                                   last_error = :error, failed_at = :now
                            WHERE id = :id""")
                    .bind("id", d.id()).bind("attempts", attempts).bind("error", clip(error)).bind("now", now)
                    .execute();
            moveStatus(h, new ClientKey(d.channelId(), d.clientId()), d.questionIds(), "SENT", "NOT_SENT");
            return null;
        });
    }

    /** How many deliveries are in {@code state} ({@code PENDING} or {@code DEAD}), across all channels. */
    public long count(String state) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM deliveries WHERE state = :state")
                .bind("state", state).mapTo(Long.class).one());
    }

    public List<DeadLetter> deadLetters(long channelId, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, channel_id, client_id, question_ids, attempts, last_error, failed_at
                        FROM deliveries WHERE channel_id = :channelId AND state = 'DEAD' ORDER BY id DESC LIMIT :limit""")
                .bind("channelId", channelId).bind("limit", limit).map(DeliveryStore::deadLetter).list());
    }

    /**
     * Puts a dead letter back in line with fresh attempts; its messages are {@code SENT} again (handed to the
     * webhook once more, and counted unread) until it is delivered or gives up again. False when there is no such
     * dead letter.
     */
    public boolean redeliver(long id, long now) {
        return db.write(h -> {
            Optional<DeadLetter> dead = h.createQuery("""
                            SELECT id, channel_id, client_id, question_ids, attempts, last_error, failed_at
                            FROM deliveries WHERE id = :id AND state = 'DEAD'""" + db.forUpdate())
                    .bind("id", id).map(DeliveryStore::deadLetter).findOne();
            dead.ifPresent(d -> requeue(h, d, now));
            return dead.isPresent();
        });
    }

    /**
     * Puts every dead letter of a channel back in line, as {@link #redeliver} does one, in one transaction; their
     * order in line stays the order they were first sent in. Returns how many.
     */
    public int redeliverAll(long channelId, long now) {
        return db.write(h -> {
            List<DeadLetter> dead = h.createQuery("""
                            SELECT id, channel_id, client_id, question_ids, attempts, last_error, failed_at
                            FROM deliveries WHERE channel_id = :channelId AND state = 'DEAD' ORDER BY id"""
                            + db.forUpdate())
                    .bind("channelId", channelId).map(DeliveryStore::deadLetter).list();
            dead.forEach(d -> requeue(h, d, now));
            return dead.size();
        });
    }

    private static void requeue(Handle h, DeadLetter d, long now) {
        h.createUpdate("""
                        UPDATE deliveries SET state = 'PENDING', attempts = 0, next_at = :now, lease_until = 0,
                               created_at = :now, failed_at = NULL
                        WHERE id = :id""")
                .bind("id", d.id()).bind("now", now).execute();
        moveStatus(h, new ClientKey(d.channelId(), d.clientId()), d.questionIds(), "NOT_SENT", "SENT");
    }

    /**
     * Moves the status of a delivery's messages between {@code SENT} (unread) and {@code NOT_SENT} (not), keeping
     * the client's unread count.
     */
    private static void moveStatus(Handle h, ClientKey key, List<String> questionIds, String from, String to) {
        if (questionIds.isEmpty()) {
            return;
        }
        int moved = h.createUpdate("""
                        UPDATE events SET status = :to
                        WHERE channel_id = :channelId AND client_id = :clientId AND question_id IN (<ids>)
                          AND status = :from""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bindList("ids", questionIds)
                .bind("from", from).bind("to", to).execute();
        if (moved > 0) {
            EventLog.changeUnread(h, key, to.equals("SENT") ? moved : -moved);
        }
    }

    private static DeadLetter deadLetter(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DeadLetter(rs.getLong(1), rs.getLong(2), rs.getString(3), Json.readTrustedStrings(rs.getString(4)), rs.getInt(5),
                rs.getString(6), rs.getLong(7));
    }

    private static Delivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Delivery(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), Json.readTrustedStrings(rs.getString(5)),
                rs.getString(6), rs.getInt(7), rs.getLong(8));
    }

    private static String clip(String error) {
        return error.length() > 500 ? error.substring(0, 500) : error;
    }
}
