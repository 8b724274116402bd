package dev.parley.campaign;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** Campaigns and their recipients. Thread-safe. */
public final class CampaignStore {

    /** One recipient still to send to. */
    public record Recipient(long seq, String clientId) {
    }

    /** The recipient was sent to already (by an earlier run of this campaign): its turn must not commit. */
    static final class AlreadySent extends RuntimeException {
        AlreadySent() {
            super("recipient already handled", null, false, false);
        }
    }

    /** The recipient is a test client of the scenario studio, which campaigns never reach: it is marked FAILED. */
    static final class TestClient extends RuntimeException {
        TestClient(String clientId) {
            super("clientId " + clientId + " is a test client of the scenario studio; campaigns skip it", null, false,
                    false);
        }
    }

    private static final String COLUMNS = "id, channel_id, status, text, event, data, rate_per_second, total, sent,"
            + " failed, created_at, updated_at";
    private static final int INSERT_CHUNK = 1_000;

    private final Database db;

    public CampaignStore(Database db) {
        this.db = db;
    }

    /** Stores a campaign and all its recipients in one transaction. */
    public long create(long channelId, String text, String event, String data, int rate, List<String> clientIds,
            long now) {
        return db.write(h -> {
            long id = h.createUpdate("""
                            INSERT INTO campaigns (channel_id, status, text, event, data, rate_per_second, total, sent,
                                                   failed, created_at, updated_at)
                            VALUES (:channelId, 'RUNNING', :text, :event, :data, :rate, :total, 0, 0, :now, :now)""")
                    .bind("channelId", channelId).bind("text", text.isEmpty() ? null : text)
                    .bind("event", event.isEmpty() ? null : event).bind("data", data).bind("rate", rate)
                    .bind("total", clientIds.size()).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            insertRecipients(h, id, clientIds);
            return id;
        });
    }

    private static void insertRecipients(Handle h, long campaignId, List<String> clientIds) {
        for (int from = 0; from < clientIds.size(); from += INSERT_CHUNK) {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO campaign_recipients (campaign_id, seq, client_id, state)
                    VALUES (:campaignId, :seq, :clientId, 'PENDING')""");
            for (int i = from; i < Math.min(from + INSERT_CHUNK, clientIds.size()); i++) {
                batch.bind("campaignId", campaignId).bind("seq", i + 1).bind("clientId", clientIds.get(i)).add();
            }
            batch.execute();
        }
    }

    public Optional<Campaign> find(long id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM campaigns WHERE id = :id")
                .bind("id", id).map(CampaignStore::campaign).findOne());
    }

    /**
     * A channel's campaigns with an id below {@code beforeId}, newest first. Ids only grow, so the last id of a page
     * is where the next one starts, whatever was started in between.
     */
    public List<Campaign> list(long channelId, long beforeId, int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM campaigns"
                        + " WHERE channel_id = :channelId AND id < :before ORDER BY id DESC LIMIT :limit")
                .bind("channelId", channelId).bind("before", beforeId).bind("limit", limit)
                .map(CampaignStore::campaign).list());
    }

    /**
     * The running campaigns {@code node} is to send now. It takes those whose lease nobody holds (or whose holder's
     * lease ran out, as when that node died) and renews its own once half their lease is gone, so that one campaign
     * is sent by one node at a time, at its rate.
     */
    public List<Campaign> lease(String node, long now, long leaseMillis) {
        return db.write(h -> {
            h.createUpdate("""
                            UPDATE campaigns SET lease_owner = :node, lease_until = :until
                            WHERE status = 'RUNNING'
                              AND (lease_until <= :now OR (lease_owner = :node AND lease_until <= :renewFrom))""")
                    .bind("node", node).bind("now", now).bind("until", now + leaseMillis)
                    .bind("renewFrom", now + leaseMillis / 2).execute();
            return h.createQuery("SELECT " + COLUMNS + """
                             FROM campaigns
                            WHERE status = 'RUNNING' AND lease_owner = :node AND lease_until > :now ORDER BY id""")
                    .bind("node", node).bind("now", now).map(CampaignStore::campaign).list();
        });
    }

    /**
     * Voids the leases of a previous run on a single-node database, where no other node can hold them, so that a
     * restarted server resumes its campaigns at once.
     */
    public void releaseStaleLeases() {
        if (db.isSingleNode()) {
            db.write(h -> h.createUpdate("UPDATE campaigns SET lease_until = 0 WHERE lease_until > 0").execute());
        }
    }

    /** The next pending recipients after {@code afterSeq}, in list order. */
    public List<Recipient> pending(long campaignId, long afterSeq, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT seq, client_id FROM campaign_recipients
                        WHERE campaign_id = :id AND state = 'PENDING' AND seq > :after ORDER BY seq LIMIT :limit""")
                .bind("id", campaignId).bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> new Recipient(rs.getLong(1), rs.getString(2))).list());
    }

    /**
     * Marks a recipient sent on the message's own transaction, or throws if it was handled already or is a test
     * client.
     */
    static void markSent(Handle h, long campaignId, ClientKey recipient, long seq, String questionId, long now) {
        if (ClientClock.isTest(h, recipient).orElse(false)) {
            throw new TestClient(recipient.clientId());
        }
        int changed = h.createUpdate("""
                        UPDATE campaign_recipients SET state = 'SENT', question_id = :questionId
                        WHERE campaign_id = :id AND seq = :seq AND state = 'PENDING'""")
                .bind("id", campaignId).bind("seq", seq).bind("questionId", questionId).execute();
        if (changed == 0) {
            throw new AlreadySent();
        }
        h.createUpdate("UPDATE campaigns SET sent = sent + 1, updated_at = :now WHERE id = :id")
                .bind("id", campaignId).bind("now", now).execute();
    }

    public void markFailed(long campaignId, long seq, String error, long now) {
        db.write(h -> {
            int changed = h.createUpdate("""
                            UPDATE campaign_recipients SET state = 'FAILED', error = :error
                            WHERE campaign_id = :id AND seq = :seq AND state = 'PENDING'""")
                    .bind("id", campaignId).bind("seq", seq)
                    .bind("error", error.length() > 500 ? error.substring(0, 500) : error).execute();
            if (changed == 1) {
                h.createUpdate("UPDATE campaigns SET failed = failed + 1, updated_at = :now WHERE id = :id")
                        .bind("id", campaignId).bind("now", now).execute();
            }
            return null;
        });
    }

    /** Moves a running campaign to {@code status}; false when it was not running. */
    public boolean finish(long campaignId, String status, long now) {
        return db.write(h -> h.createUpdate("""
                        UPDATE campaigns SET status = :status, updated_at = :now WHERE id = :id AND status = 'RUNNING'""")
                .bind("id", campaignId).bind("status", status).bind("now", now).execute() == 1);
    }

    private static Campaign campaign(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getLong("channel_id"), rs.getString("status"),
                nonNull(rs.getString("text")), nonNull(rs.getString("event")), rs.getString("data"),
                rs.getInt("rate_per_second"), rs.getLong("total"), rs.getLong("sent"), rs.getLong("failed"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
