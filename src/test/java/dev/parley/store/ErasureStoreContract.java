package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.erasure.ErasureStore;
import dev.parley.erasure.Removed;
import dev.parley.events.ClientKey;
import dev.parley.store.LogFixture.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ErasureStore}: every row of one client goes, in one transaction, and nothing of anyone else. */
interface ErasureStoreContract extends StoreContract {

    List<String> CLIENT_TABLES = List.of("events", "clients", "client_states", "read_cursors", "idempotency",
            "deliveries", "timers", "handoffs", "files", "stats_clients", "stats_active");

    private void fill(ClientKey key) {
        log().append(key, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"));
        db().write(h -> {
            h.createUpdate("INSERT INTO client_states (channel_id, client_id, body, version) VALUES (:c, :k, '{}', 1)")
                    .bind("c", key.channelId()).bind("k", key.clientId()).execute();
            h.createUpdate("INSERT INTO read_cursors (channel_id, client_id, cid, last_ts) VALUES (:c, :k, 'tab', 1)")
                    .bind("c", key.channelId()).bind("k", key.clientId()).execute();
            h.createUpdate("""
                            INSERT INTO idempotency (channel_id, idem_key, client_id, response, created_at)
                            VALUES (:c, :idem, :k, '{}', 1)""")
                    .bind("c", key.channelId()).bind("k", key.clientId()).bind("idem", "key-" + key.clientId())
                    .execute();
            h.createUpdate("""
                            INSERT INTO deliveries (delivery_id, channel_id, client_id, question_ids, body, state,
                                                    attempts, next_at, lease_until, created_at)
                            VALUES ('d', :c, :k, '[]', '[]', 'PENDING', 0, 1, 0, 1)""")
                    .bind("c", key.channelId()).bind("k", key.clientId()).execute();
            h.createUpdate("""
                            INSERT INTO timers (channel_id, client_id, timer_id, due_at, target_state, lease_until)
                            VALUES (:c, :k, :t, 5, '/Later', 0)""")
                    .bind("c", key.channelId()).bind("k", key.clientId()).bind("t", "t-" + key.clientId()).execute();
            h.createUpdate("""
                            INSERT INTO handoffs (channel_id, client_id, status, agent_id, first_message,
                                                  close_phrases, created_at, updated_at)
                            VALUES (:c, :k, 'QUEUED', NULL, 'help', '[]', 1, 1)""")
                    .bind("c", key.channelId()).bind("k", key.clientId()).execute();
            h.createUpdate("INSERT INTO stats_clients (channel_id, span, bucket, client_id) VALUES (:c, 'hour', 0, :k)")
                    .bind("c", key.channelId()).bind("k", key.clientId()).execute();
            h.createUpdate("INSERT INTO stats_active (channel_id, client_id, last_hour) VALUES (:c, :k, 0)")
                    .bind("c", key.channelId()).bind("k", key.clientId()).execute();
            return h.createUpdate("""
                            INSERT INTO files (id, channel_id, client_id, name, mime_type, size, created_at, content)
                            VALUES (:id, :c, :k, 'a.png', 'image/png', 1, 1, :content)""")
                    .bind("id", "f-" + key.clientId()).bind("c", key.channelId()).bind("k", key.clientId())
                    .bind("content", new byte[] {1}).execute();
        });
    }

    private long rowsOf(String table, ClientKey key) {
        return db().read(h -> h.createQuery("SELECT COUNT(*) FROM " + table
                        + " WHERE channel_id = :c AND client_id = :k")
                .bind("c", key.channelId()).bind("k", key.clientId()).mapTo(Long.class).one());
    }

    @Test
    default void erasureRemovesEveryRowOfTheClientAndCountsThem() {
        fill(ANN);
        fill(BOB);

        ErasureStore.Erasure erasure = new ErasureStore(db()).erase(ANN);

        for (String table : CLIENT_TABLES) {
            assertThat(rowsOf(table, ANN)).as(table).isZero();
            assertThat(rowsOf(table, BOB)).as(table).isPositive();
        }
        assertThat(erasure.removed()).isEqualTo(new Removed(1, 2, 1, 1, 1, 1, 1, 1, 1, 0));
        assertThat(erasure.openHandoffs()).singleElement()
                .satisfies(handoff -> assertThat(handoff.isOpen()).isFalse());
    }

    @Test
    default void erasureOfAClientNeverSeenRemovesNothing() {
        fill(BOB);

        assertThat(new ErasureStore(db()).erase(ANN).removed().nothing()).isTrue();
    }

    @Test
    default void erasureFailsTheClientsPendingCampaignRecipientsAndForgetsItsId() {
        fill(ANN);
        long campaign = db().write(h -> {
            long id = h.createUpdate("""
                            INSERT INTO campaigns (channel_id, status, text, event, data, rate_per_second, total, sent,
                                                   failed, created_at, updated_at)
                            VALUES (1, 'RUNNING', 'news', NULL, '{}', 10, 3, 1, 0, 1, 1)""")
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("""
                            INSERT INTO campaign_recipients (campaign_id, seq, client_id, state)
                            VALUES (:id, 1, 'ann', 'SENT'), (:id, 2, 'ann', 'PENDING'), (:id, 3, 'bob', 'PENDING')""")
                    .bind("id", id).execute();
            return id;
        });

        assertThat(new ErasureStore(db()).erase(ANN).removed().campaignRecipients()).isEqualTo(2);

        List<String> recipients = db().read(h -> h.createQuery("""
                        SELECT seq || ':' || client_id || ':' || state FROM campaign_recipients
                        WHERE campaign_id = :id ORDER BY seq""").bind("id", campaign).mapTo(String.class).list());
        assertThat(recipients).containsExactly("1::SENT", "2::FAILED", "3:bob:PENDING");
        long failed = db().read(h -> h.createQuery("SELECT failed FROM campaigns WHERE id = :id").bind("id", campaign)
                .mapTo(Long.class).one());
        assertThat(failed).isEqualTo(1);
    }
}
