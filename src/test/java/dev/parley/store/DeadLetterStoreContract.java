package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.delivery.DeliveryStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dead letters in {@link DeliveryStore}: put back in line one channel at a time. */
interface DeadLetterStoreContract extends StoreContract {

    private long dead(long channelId, String clientId) {
        return db().write(h -> h.createUpdate("""
                        INSERT INTO deliveries (delivery_id, channel_id, client_id, question_ids, body, state, attempts,
                                                next_at, lease_until, last_error, created_at, failed_at)
                        VALUES (:deliveryId, :channelId, :clientId, '[]', '[]', 'DEAD', 3, 0, 0, 'HTTP 500', 1, 2)""")
                .bind("deliveryId", "d-" + clientId).bind("channelId", channelId).bind("clientId", clientId)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private List<String> states() {
        return db().read(h -> h.createQuery("SELECT client_id || ':' || state FROM deliveries ORDER BY id")
                .mapTo(String.class).list());
    }

    @Test
    default void redeliveringAllOfAChannelRequeuesItsDeadLettersOnly() {
        DeliveryStore store = new DeliveryStore(db());
        dead(1, "ann");
        dead(2, "other");
        dead(1, "bob");

        assertThat(store.redeliverAll(1, 5_000)).isEqualTo(2);

        assertThat(states()).containsExactly("ann:PENDING", "other:DEAD", "bob:PENDING");
        assertThat(store.deadLetters(1, 10)).isEmpty();
        assertThat(store.deadLetters(2, 10)).hasSize(1);
        assertThat(store.redeliverAll(1, 6_000)).as("nothing left").isZero();
    }
}
