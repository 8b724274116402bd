package dev.parley.schedule;

import dev.parley.conversation.DueTimer;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.util.List;
import java.util.OptionalLong;

/** The timers table as the scheduler sees it. Thread-safe. */
public final class TimerStore {

    private final Database db;
    private final String skipLocked;

    public TimerStore(Database db) {
        this.db = db;
        this.skipLocked = db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** Leases up to {@code limit} due timers until {@code leaseUntil}, so that no other node fires them too. */
    public List<DueTimer> claim(long now, int limit, long leaseUntil) {
        return db.write(h -> {
            List<DueTimer> due = h.createQuery("""
                            SELECT channel_id, client_id, timer_id, target_state FROM timers
                            WHERE due_at <= :now AND lease_until <= :now ORDER BY due_at LIMIT :limit""" + skipLocked)
                    .bind("now", now).bind("limit", limit)
                    .map((rs, ctx) -> new DueTimer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list();
            if (!due.isEmpty()) {
                h.createUpdate("UPDATE timers SET lease_until = :lease WHERE timer_id IN (<ids>)")
                        .bind("lease", leaseUntil).bindList("ids", due.stream().map(DueTimer::timerId).toList())
                        .execute();
            }
            return due;
        });
    }

    /**
     * When the next timer nobody holds falls due, perhaps already: what the worker sleeps until. One indexed read; a
     * timer another node leased is not counted until its lease runs out.
     */
    public OptionalLong nextDue(long now) {
        return db.read(h -> h.createQuery("SELECT due_at FROM timers WHERE lease_until <= :now ORDER BY due_at LIMIT 1")
                .bind("now", now).mapTo(Long.class).findOne()
                .map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    /** How many bot timers are waiting to fire. */
    public long count() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM timers").mapTo(Long.class).one());
    }

    /** Voids the leases of a previous run on a single-node database (see {@code DeliveryStore}). */
    public void releaseStaleLeases() {
        if (db.isSingleNode()) {
            db.write(h -> h.createUpdate("UPDATE timers SET lease_until = 0 WHERE lease_until > 0").execute());
        }
    }

    /** Drops a timer that can no longer fire, such as one of a deleted channel. */
    public void drop(String timerId) {
        db.write(h -> h.createUpdate("DELETE FROM timers WHERE timer_id = :id").bind("id", timerId).execute());
    }
}
