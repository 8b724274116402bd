package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.channel.Channel;
import dev.parley.channel.JdbiChannelStore;
import dev.parley.events.EventWriter;
import dev.parley.events.EventType;
import dev.parley.events.NewEvent;
import dev.parley.history.HistoryQuery;
import dev.parley.history.HistoryStore;
import dev.parley.retention.RetentionStore;
import dev.parley.status.StatusStore;
import dev.parley.store.LogFixture.Spec;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link RetentionStore}: old events found by client, deleted by id with the client's counts kept in step. */
interface RetentionStoreContract extends StoreContract {

    private long total() {
        return new HistoryStore(db()).page(new HistoryQuery(ANN, OptionalLong.empty(), OptionalLong.empty(), 10, 0,
                false)).get("totalCount").asLong();
    }

    @Test
    default void deletingOldEventsKeepsTheHistoryTotalAndTheUnreadCountInStep() {
        List<Long> stamps = log().append(ANN, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"),
                Spec.request("q2", "bye"), Spec.reply("q2", "see you"));
        RetentionStore store = new RetentionStore(db());

        List<Long> old = store.oldEvents(ANN, stamps.get(2), 10);
        long deleted = store.delete(Map.of(ANN, old));

        assertThat(deleted).isEqualTo(2);
        assertThat(total()).isEqualTo(2);
        assertThat(new StatusStore(db()).unread(ANN)).isEqualTo(1);
        assertThat(store.oldEvents(ANN, stamps.get(2), 10)).isEmpty();
        assertThat(store.delete(Map.of(ANN, old))).as("deleted already").isZero();
        assertThat(new StatusStore(db()).unread(ANN)).isEqualTo(1);
    }

    @Test
    default void oldEventsComeOldestFirstUpToTheLimitAndNeverAPendingRequest() {
        log().append(ANN, 1_000, Spec.request("q1", "a"), Spec.reply("q1", "b"), Spec.request("q2", "c"));
        new EventWriter(db(), List.of()).write(tx -> tx.appendOne(new NewEvent(ANN, 500, EventType.REQUEST, "q0", "", false, "CLIENT",
                "waiting", "", true, "{}"), 7));

        List<Long> two = new RetentionStore(db()).oldEvents(ANN, 5_000, 2);
        List<Long> all = new RetentionStore(db()).oldEvents(ANN, 5_000, 10);

        assertThat(two).hasSize(2);
        assertThat(all).hasSize(3).startsWith(two.toArray(Long[]::new));
    }

    @Test
    default void onlyChannelsWithARetentionAreSwept() {
        JdbiChannelStore channels = new JdbiChannelStore(db());
        channels.insert(new Channel(0, "forever", "tok-forever", false, "", "", "name: a", 1, Channel.CONNECTED, 1, 1,
                ""), "test");
        Channel month = channels.insert(new Channel(0, "month", "tok-month", false, "", "", "name: a", 1,
                Channel.CONNECTED, 1, 1, "", "P30D"), "test");

        assertThat(new RetentionStore(db()).channels())
                .containsExactly(new RetentionStore.ChannelRetention(month.id(), "P30D"));
        assertThat(channels.findById(month.id()).orElseThrow().historyRetention()).isEqualTo("P30D");
        channels.update(new Channel(month.id(), "month", "tok-month", false, "", "", "name: a", 1, Channel.CONNECTED,
                1, 2, "", ""));
        assertThat(new RetentionStore(db()).channels()).isEmpty();
        assertThat(channels.findById(month.id()).orElseThrow().historyRetention()).isEmpty();
    }

    @Test
    default void clientsComeInPagesAfterAGivenId() {
        log().append(ANN, 1_000, Spec.request("q1", "a"));
        log().append(BOB, 1_000, Spec.request("q1", "a"));

        assertThat(new RetentionStore(db()).clients(1, "", 1)).containsExactly("ann");
        assertThat(new RetentionStore(db()).clients(1, "ann", 10)).containsExactly("bob");
    }
}
