package dev.parley.conversation;

import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Which node runs each accepted async turn that has not been answered yet, and the nodes' heartbeats. A pending
 * request event holds the id of its node in {@code events.pending}; a node beats in {@code nodes} while it lives, and
 * any node adopts the pending turns of a node whose beat ran out or that left. Thread-safe.
 */
public final class PendingTurns {

    /** An accepted async request whose turn has not been answered yet, as stored. */
    public record Pending(long eventId, long channelId, String clientId, String body) {
    }

    private final Database db;
    private final String skipLocked;

    public PendingTurns(Database db) {
        this.db = db;
        this.skipLocked = db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE OF e SKIP LOCKED" : "";
    }

    /**
     * Says that {@code node} lives until {@code aliveUntil}, then makes up to {@code limit} pending turns of nodes
     * that are gone its own and returns them, oldest first. One transaction; turns another node is adopting at the
     * same moment are skipped, so no turn gets two nodes.
     */
    public List<Pending> beatAndAdopt(long node, long now, long aliveUntil, int limit) {
        return db.write(h -> {
            beat(h, node, aliveUntil);
            if (limit == 0) {
                return List.of();
            }
            // a node without a row is as gone as one whose beat ran out, so the rows of dead nodes need not pile up
            h.createUpdate("DELETE FROM nodes WHERE alive_until <= :now").bind("now", now).execute();
            List<Pending> orphans = h.createQuery("""
                            SELECT e.id, e.channel_id, e.client_id, e.body FROM events e
                            WHERE e.pending <> 0 AND e.pending <> :node
                              AND NOT EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = e.pending AND n.alive_until > :now)
                            ORDER BY e.id LIMIT :limit""" + skipLocked)
                    .bind("node", node).bind("now", now).bind("limit", limit)
                    .map((rs, ctx) -> new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                    .list();
            if (!orphans.isEmpty()) {
                h.createUpdate("UPDATE events SET pending = :node WHERE id IN (<ids>)").bind("node", node)
                        .bindList("ids", orphans.stream().map(Pending::eventId).toList()).execute();
            }
            return orphans.stream().sorted(Comparator.comparingLong(Pending::eventId)).toList();
        });
    }

    /** Says that {@code node} lives until {@code aliveUntil}. */
    public void beat(long node, long aliveUntil) {
        db.write(h -> {
            beat(h, node, aliveUntil);
            return null;
        });
    }

    private static void beat(Handle h, long node, long aliveUntil) {
        h.createUpdate("""
                        INSERT INTO nodes (node_id, alive_until) VALUES (:node, :until)
                        ON CONFLICT (node_id) DO UPDATE SET alive_until = excluded.alive_until""")
                .bind("node", node).bind("until", aliveUntil).execute();
    }

    /** {@code node} stops: the turns it leaves pending go to the next node that looks, without waiting for its beat. */
    public void leave(long node) {
        db.write(h -> h.createUpdate("DELETE FROM nodes WHERE node_id = :node").bind("node", node).execute());
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
