package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.ClientKey;
import dev.parley.events.Committed;
import dev.parley.events.EventType;
import dev.parley.events.NewEvent;
import dev.parley.events.TestClient;
import dev.parley.stats.Counts;
import dev.parley.stats.Span;
import dev.parley.stats.StatsCounter;
import dev.parley.stats.StatsStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@link StatsCounter} and {@link StatsStore}: counts told by commits reach the stored buckets at a flush, add up
 * across flushes and nodes, and count each client once per bucket.
 */
interface StatsStoreContract extends StoreContract {

    long TEN = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();
    long HOUR = Span.HOUR.millis();
    long DAY_START = Instant.parse("2026-12-03T00:00:00Z").toEpochMilli();

    private StatsStore stats() {
        return new StatsStore(db());
    }

    private StatsCounter counter() {
        return new StatsCounter(stats(), Clock.fixed(Instant.ofEpochMilli(TEN), ZoneOffset.UTC));
    }

    private static NewEvent message(ClientKey client, long ts, EventType type, String author) {
        return new NewEvent(client, ts, type, "q" + ts, "", false, author, "text", "", false, "{}");
    }

    private static Committed commit(NewEvent... events) {
        return new Committed(List.of(events), List.of(), false, List.of());
    }

    private Counts at(Span span, long bucket) {
        return stats().series(OptionalLong.of(ANN.channelId()), span, bucket, bucket + span.millis())
                .getOrDefault(bucket, Counts.ZERO);
    }

    @Test
    default void messagesCountByAuthorInTheirHourAndDayOnlyOnceFlushed() {
        StatsCounter counter = counter();
        counter.committed(commit(message(ANN, TEN + 5, EventType.REQUEST, "CLIENT"),
                message(ANN, TEN + 6, EventType.BOT_RESPONSE, "BOT"),
                message(ANN, TEN + 7, EventType.HUMAN_RESPONSE, "OPERATOR"),
                message(ANN, TEN + 8, EventType.HUMAN_RESPONSE, "SYSTEM"),
                message(ANN, TEN + 9, EventType.STATE, "")));

        assertThat(at(Span.HOUR, TEN)).as("before the flush").isEqualTo(Counts.ZERO);
        counter.flush();

        assertThat(at(Span.HOUR, TEN)).isEqualTo(new Counts(1, 1, 1, 1));
        assertThat(at(Span.DAY, DAY_START)).isEqualTo(new Counts(1, 1, 1, 1));
        assertThat(at(Span.HOUR, TEN + HOUR)).isEqualTo(Counts.ZERO);
    }

    @Test
    default void countsAddUpAcrossFlushesAndAClientIsActiveOncePerBucket() {
        StatsCounter counter = counter();
        counter.committed(commit(message(ANN, TEN + 1, EventType.REQUEST, "CLIENT")));
        counter.flush();
        counter.committed(commit(message(ANN, TEN + 2, EventType.REQUEST, "CLIENT"),
                message(BOB, TEN + HOUR + 1, EventType.REQUEST, "CLIENT")));
        counter.flush();

        assertThat(at(Span.HOUR, TEN)).isEqualTo(new Counts(2, 0, 0, 1));
        assertThat(at(Span.HOUR, TEN + HOUR)).isEqualTo(new Counts(1, 0, 0, 1));
        assertThat(at(Span.DAY, DAY_START)).isEqualTo(new Counts(3, 0, 0, 2));
    }

    @Test
    default void aCommitWhoseMessagesChangeClientOrHourMidwayCountsEachInItsOwnBucket() {
        StatsCounter counter = counter();
        ClientKey elsewhere = new ClientKey(ANN.channelId() + 1, "ann");
        counter.committed(commit(message(ANN, TEN - 1, EventType.REQUEST, "CLIENT"),
                message(ANN, TEN, EventType.BOT_RESPONSE, "BOT"),
                message(ANN, TEN + 1, EventType.STATE, ""),
                message(BOB, TEN + 2, EventType.REQUEST, "CLIENT"),
                message(elsewhere, TEN + 3, EventType.REQUEST, "CLIENT"),
                message(ANN, TEN + 4, EventType.HUMAN_RESPONSE, "OPERATOR")));
        counter.flush();

        assertThat(at(Span.HOUR, TEN - HOUR)).isEqualTo(new Counts(1, 0, 0, 1));
        assertThat(at(Span.HOUR, TEN)).isEqualTo(new Counts(1, 1, 1, 2));
        assertThat(at(Span.DAY, DAY_START)).isEqualTo(new Counts(2, 1, 1, 2));
        assertThat(stats().activeClientsSince(OptionalLong.of(elsewhere.channelId()), TEN)).isEqualTo(1);
    }

    @Test
    default void twoNodesCountingTheSameClientCountItOnceAsActive() {
        StatsCounter one = counter();
        StatsCounter other = counter();
        one.committed(commit(message(ANN, TEN + 1, EventType.REQUEST, "CLIENT")));
        other.committed(commit(message(ANN, TEN + 2, EventType.BOT_RESPONSE, "BOT")));

        one.flush();
        other.flush();

        assertThat(at(Span.HOUR, TEN)).isEqualTo(new Counts(1, 1, 0, 1));
        assertThat(at(Span.DAY, DAY_START)).isEqualTo(new Counts(1, 1, 0, 1));
    }

    @Test
    default void aSeriesHasOnlyTheAskedChannelsBucketsOfTheAskedRange() {
        StatsCounter counter = counter();
        ClientKey elsewhere = new ClientKey(ANN.channelId() + 1, "ann");
        counter.committed(commit(message(ANN, TEN - HOUR, EventType.REQUEST, "CLIENT"),
                message(ANN, TEN, EventType.REQUEST, "CLIENT"),
                message(elsewhere, TEN, EventType.REQUEST, "CLIENT")));
        counter.flush();

        Map<Long, Counts> series = stats().series(OptionalLong.of(ANN.channelId()), Span.HOUR, TEN, TEN + HOUR);

        assertThat(series).containsOnlyKeys(TEN).containsEntry(TEN, new Counts(1, 0, 0, 1));
        assertThat(stats().activeClientsSince(OptionalLong.of(ANN.channelId()), TEN - HOUR)).isEqualTo(1);
        assertThat(stats().activeClientsSince(OptionalLong.of(elsewhere.channelId()), TEN - HOUR)).isEqualTo(1);
    }

    @Test
    default void theSumsOfAllChannelsAddEveryChannelsCounts() {
        StatsCounter counter = counter();
        ClientKey elsewhere = new ClientKey(ANN.channelId() + 1, "ann");
        counter.committed(commit(message(ANN, TEN, EventType.REQUEST, "CLIENT"),
                message(BOB, TEN + 1, EventType.BOT_RESPONSE, "BOT"),
                message(elsewhere, TEN + 2, EventType.HUMAN_RESPONSE, "OPERATOR")));
        counter.flush();

        assertThat(stats().series(OptionalLong.empty(), Span.HOUR, TEN, TEN + HOUR))
                .containsExactly(Map.entry(TEN, new Counts(1, 1, 1, 3)));
        assertThat(stats().activeClientsSince(OptionalLong.empty(), TEN)).isEqualTo(3);
        assertThat(stats().activeClientsSince(OptionalLong.empty(), TEN + HOUR)).isZero();
    }

    @Test
    default void theMessagesOfATestClientAreNotCounted() {
        StatsCounter counter = counter();
        counter.committed(new Committed(List.of(message(ANN, TEN, EventType.REQUEST, "CLIENT")), List.of(ANN), false,
                List.of(new TestClient(ANN))));
        counter.committed(commit(message(BOB, TEN, EventType.REQUEST, "CLIENT")));
        counter.flush();

        assertThat(at(Span.HOUR, TEN)).isEqualTo(new Counts(1, 0, 0, 1));
    }

    @Test
    default void aFlushWithNothingToAddWritesNothing() {
        counter().flush();

        long rows = db().read(h -> h.createQuery("SELECT COUNT(*) FROM stats_buckets").mapTo(Long.class).one());
        assertThat(rows).isZero();
    }
}
