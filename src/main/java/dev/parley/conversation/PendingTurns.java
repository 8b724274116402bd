package dev.parley.conversation;

import dev.parley.store.Database;
import dev.parley.store.Dialect;
import dev.parley.store.WorkSignal;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Which node runs each accepted async turn that has not been answered yet, and the nodes' heartbeats. A pending
 * request event holds the id of its node in {@code events.pending}; a node beats in {@code nodes} while it lives, and
 * any node adopts the pending turns of a node whose beat ran out or that left. Thread-safe.
 */
public final class PendingTurns {

    /** An accepted async request whose turn has not been answered yet, as stored. */
    public record Pending(long eventId, long channelId, String clientId, String body) {
    }

    /**
     * How long a request left pending by a version before node leases ({@code pending = 1}) waits before it is
     * adopted: such a version runs the turn itself and answers it without checking that it still owns it, so while
     * old and new nodes run side by side during a rolling upgrade, only a request that has waited this long is taken
     * as left by a node that is gone.
     */
    public static final long EARLIER_VERSION_GRACE_MILLIS = 60_000;

    /** PostgreSQL's own clock, in epoch milliseconds, as the time of every node. */
    private static final String DATABASE_NOW = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    private final Database db;
    private final String skipLocked;
    private final String nowSql;

    /**
     * On PostgreSQL, which several nodes may share, leases are measured with the database's clock: the nodes' own
     * clocks may disagree, and a node whose clock runs ahead would take the turns of nodes that are alive.
     */
    public PendingTurns(Database db) {
        this(db, db.dialect() == Dialect.POSTGRESQL);
    }

    private PendingTurns(Database db, boolean databaseClock) {
        this.db = db;
        this.skipLocked = db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE OF e SKIP LOCKED" : "";
        this.nowSql = databaseClock ? DATABASE_NOW : ":now";
    }

    /**
     * Leases measured with the {@code now} that callers pass on every database: for a single node, or a test with a
     * fake clock.
     */
    public static PendingTurns withCallersClock(Database db) {
        return new PendingTurns(db, false);
    }

    /**
     * Says that {@code node} lives for {@code leaseMillis} from now, then makes up to {@code limit} pending turns of
     * nodes that are gone its own and returns them, oldest first. One transaction; turns another node is adopting at
     * the same moment are skipped, so no turn gets two nodes.
     *
     * @param now the caller's time; on PostgreSQL the database's clock is used instead, unless
     *     {@link #withCallersClock}
     */
    public List<Pending> beatAndAdopt(long node, long now, long leaseMillis, int limit) {
        return db.write(h -> {
            beat(h, node, now, leaseMillis);
            if (limit == 0) {
                return List.of();
            }
            // a node without a row is as gone as one whose beat ran out, so the rows of dead nodes need not pile up
            at(h.createUpdate("DELETE FROM nodes WHERE alive_until <= " + nowSql), now).execute();
            List<Pending> orphans = at(h.createQuery("""
                            SELECT e.id, e.channel_id, e.client_id, e.body FROM events e
                            WHERE e.pending <> 0 AND e.pending <> :node
                              AND (e.pending <> 1 OR e.ts <= <now> - :grace)
                              AND NOT EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = e.pending AND n.alive_until > <now>)
                            ORDER BY e.id LIMIT :limit""".replace("<now>", nowSql) + skipLocked), now)
                    .bind("node", node).bind("limit", limit)
                    .bind("grace", EARLIER_VERSION_GRACE_MILLIS)
                    .map((rs, ctx) -> new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                    .list();
            if (!orphans.isEmpty()) {
                h.createUpdate("UPDATE events SET pending = :node WHERE id IN (<ids>)").bind("node", node)
                        .bindList("ids", orphans.stream().map(Pending::eventId).toList()).execute();
            }
            return orphans.stream().sorted(Comparator.comparingLong(Pending::eventId)).toList();
        });
    }

    /** Says that {@code node} lives for {@code leaseMillis} from {@code now} (or the database's now). */
    public void beat(long node, long now, long leaseMillis) {
        db.write(h -> {
            beat(h, node, now, leaseMillis);
            return null;
        });
    }

    private void beat(Handle h, long node, long now, long leaseMillis) {
        at(h.createUpdate("""
                        INSERT INTO nodes (node_id, alive_until) VALUES (:node, <now> + :lease)
                        ON CONFLICT (node_id) DO UPDATE SET alive_until = excluded.alive_until"""
                        .replace("<now>", nowSql)), now)
                .bind("node", node).bind("lease", leaseMillis).execute();
    }

    /** Binds the caller's {@code now} where the statement uses it rather than the database's clock. */
    private <S extends SqlStatement<S>> S at(S statement, long now) {
        return nowSql.equals(DATABASE_NOW) ? statement : statement.bind("now", now);
    }

    /** {@code node} stops: the turns it leaves pending go to the next node that looks, without waiting for its beat. */
    public void leave(long node) {
        db.write(h -> {
            h.createUpdate("DELETE FROM nodes WHERE node_id = :node").bind("node", node).execute();
            if (db.dialect() == Dialect.POSTGRESQL) { // the other nodes sleep between beats: wake them at the commit
                h.createQuery("SELECT pg_notify(:channel, :notice)").bind("channel", WorkSignal.NOTIFY_CHANNEL)
                        .bind("notice", WorkSignal.NODE_LEFT).mapTo(String.class).one();
            }
            return null;
        });
    }

    /**
     * On a single-node database, forgets the beats of previous runs: no other node can be alive, so what they left
     * pending is this node's to run at once.
     */
    public void forgetPreviousRuns(long node) {
        if (db.isSingleNode()) {
            db.write(h -> h.createUpdate("DELETE FROM nodes WHERE node_id <> :node").bind("node", node).execute());
        }
    }

    /** How many async turns are accepted and not answered yet, on all nodes. */
    public long count() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM events WHERE pending <> 0").mapTo(Long.class).one());
    }
}
