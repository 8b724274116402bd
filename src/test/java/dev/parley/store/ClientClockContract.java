package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientClock.ClientRow;
import dev.parley.events.ClientKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link ClientClock}: the client row that orders a client's events and guards its bot session. */
interface ClientClockContract extends StoreContract {

    private ClientClock clock() {
        return new ClientClock(db().dialect());
    }

    private long reserve(ClientKey key, int count, int messages, long now) {
        return db().write(h -> clock().reserve(h, key, count, messages, now));
    }

    private OptionalLong advance(ClientKey key, OptionalLong expected, String session, int count, long now) {
        return db().write(h -> clock().advance(h, key, expected, session, false, false, count, 1, 0, now));
    }

    private OptionalLong advanceFrom(ClientKey key, Optional<ClientRow> read, int count, long now) {
        return db().write(h -> clock().advanceFrom(h, key, read, "s" + now, false, false, count, 1, 0, now,
                row -> { }));
    }

    private Optional<ClientRow> row(ClientKey key) {
        return db().read(h -> clock().find(h, key, false));
    }

    @Test
    default void reserveCreatesTheClientRowWithNoSession() {
        assertThat(row(ANN)).isEmpty();

        assertThat(reserve(ANN, 2, 1, 1_000)).isEqualTo(1_001);

        assertThat(row(ANN)).contains(new ClientRow("", 0, true, 1_000, 1_001, 1, 0, false));
        assertThat(row(BOB)).isEmpty();
    }

    @Test
    default void reserveGivesStrictlyIncreasingTimestampsWhenNowRepeatsOrGoesBackwards() {
        assertThat(reserve(ANN, 1, 1, 1_000)).isEqualTo(1_000);
        assertThat(reserve(ANN, 1, 1, 1_000)).as("same now").isEqualTo(1_001);
        assertThat(reserve(ANN, 3, 0, 500)).as("now went back: 1002..1004").isEqualTo(1_004);
        assertThat(reserve(ANN, 1, 1, 1_004)).as("now caught up with the clock").isEqualTo(1_005);
        assertThat(reserve(ANN, 2, 1, 5_000)).as("now is ahead: 5000..5001").isEqualTo(5_001);

        assertThat(row(ANN).orElseThrow().lastTs()).isEqualTo(5_001);
        assertThat(row(ANN).orElseThrow().messageCount()).isEqualTo(4);
    }

    @Test
    default void clocksOfDifferentClientsAreIndependent() {
        reserve(ANN, 10, 0, 1_000);

        assertThat(reserve(BOB, 1, 0, 1_000)).isEqualTo(1_000);
        assertThat(reserve(new ClientKey(2, "ann"), 1, 0, 1_000)).isEqualTo(1_000);
    }

    @Test
    default void aTurnReservesTheExpectedLastTimestampWhileTheRowIsAsItReadIt() {
        assertThat(advanceFrom(ANN, Optional.empty(), 2, 1_000)).hasValue(ClientClock.expectedLast(Optional.empty(), 2,
                1_000)).hasValue(1_001);
        Optional<ClientRow> read = row(ANN);
        assertThat(advanceFrom(ANN, read, 2, 1_000)).as("now is behind the clock")
                .hasValue(ClientClock.expectedLast(read, 2, 1_000)).hasValue(1_003);
        read = row(ANN);
        assertThat(advanceFrom(ANN, read, 3, 5_000)).as("now is ahead")
                .hasValue(ClientClock.expectedLast(read, 3, 5_000)).hasValue(5_002);
    }

    @Test
    default void aTurnReservesLaterThanExpectedWhenAnotherWriteMovedTheClockButNotTheSession() {
        advanceFrom(ANN, Optional.empty(), 1, 1_000);
        Optional<ClientRow> read = row(ANN);
        reserve(ANN, 1, 1, 1_000); // an async request accepted after the turn read the row: same session version

        assertThat(ClientClock.expectedLast(read, 2, 1_000)).isEqualTo(1_002);
        assertThat(advanceFrom(ANN, read, 2, 1_000)).hasValue(1_003);
    }

    @Test
    default void advanceForAnAbsentRowInsertsTheSessionAtVersionOne() {
        assertThat(advance(ANN, OptionalLong.empty(), "{\"state\":\"/Start\"}", 2, 1_000)).hasValue(1_001);

        assertThat(row(ANN)).contains(new ClientRow("{\"state\":\"/Start\"}", 1, false, 1_000, 1_001, 1, 0, false));
    }

    @Test
    default void secondInsertForTheSameClientReturnsEmptyAndKeepsTheFirst() {
        advance(ANN, OptionalLong.empty(), "first", 1, 1_000);

        assertThat(advance(ANN, OptionalLong.empty(), "second", 1, 2_000)).isEmpty();

        assertThat(row(ANN).orElseThrow().session()).isEqualTo("first");
        assertThat(row(ANN).orElseThrow().lastTs()).isEqualTo(1_000);
    }

    @Test
    default void advanceOfARowMadeByReserveExpectsVersionZero() {
        reserve(ANN, 1, 0, 1_000);

        assertThat(advance(ANN, OptionalLong.empty(), "s", 1, 2_000)).as("the row exists").isEmpty();
        assertThat(advance(ANN, OptionalLong.of(0), "s", 1, 2_000)).hasValue(2_000);
        assertThat(row(ANN).orElseThrow().sessionVersion()).isEqualTo(1);
    }

    @Test
    default void advanceWithTheCurrentVersionStoresTheSessionAndMovesTheClock() {
        advance(ANN, OptionalLong.empty(), "one", 1, 1_000);

        assertThat(advance(ANN, OptionalLong.of(1), "two", 2, 900)).as("now went back").hasValue(1_002);

        assertThat(row(ANN)).contains(new ClientRow("two", 2, false, 900, 1_002, 2, 0, false));
    }

    @Test
    default void advanceWithAStaleVersionReturnsEmptyAndWritesNothing() {
        advance(ANN, OptionalLong.empty(), "one", 1, 1_000);
        advance(ANN, OptionalLong.of(1), "two", 1, 2_000);
        ClientRow before = row(ANN).orElseThrow();

        assertThat(advance(ANN, OptionalLong.of(1), "stale", 5, 3_000)).isEmpty();

        assertThat(row(ANN)).contains(before);
    }

    @Test
    default void advanceCanEndTheSession() {
        advance(ANN, OptionalLong.empty(), "one", 1, 1_000);

        db().write(h -> clock().advance(h, ANN, OptionalLong.of(1), "bye", true, false, 1, 1, 0, 2_000));

        assertThat(row(ANN).orElseThrow().sessionEnded()).isTrue();
    }

    /** The client row's (last_activity, activity_minute). */
    private List<Long> activity(ClientKey key) {
        return db().read(h -> h.createQuery("""
                        SELECT last_activity, activity_minute FROM clients
                        WHERE channel_id = :channelId AND client_id = :clientId""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2))).one());
    }

    @Test
    default void everyWriteOfTheLastActivityWritesItsMinuteWhichTheDialogsIndexHolds() {
        advance(ANN, OptionalLong.empty(), "one", 1, 59_999);
        assertThat(activity(ANN)).as("a turn's insert").containsExactly(59_999L, 0L);
        advance(ANN, OptionalLong.of(1), "two", 1, 60_000);
        assertThat(activity(ANN)).as("a turn's update").containsExactly(60_000L, 1L);
        Optional<ClientRow> read = row(ANN);
        db().writeForClient(ANN.clientId(),
                h -> clock().advanceFrom(h, ANN, read, "three", false, false, 1, 1, 0, 185_000, row -> { }));
        assertThat(activity(ANN)).as("a turn's update in a lane's batch, on PostgreSQL").containsExactly(185_000L, 3L);

        reserve(BOB, 1, 1, 120_001);
        assertThat(activity(BOB)).as("an accepted request's insert").containsExactly(120_001L, 2L);
        reserve(BOB, 1, 1, 300_000);
        assertThat(activity(BOB)).as("an accepted request leaves the activity").containsExactly(120_001L, 2L);
        db().write(h -> {
            clock().touch(h, BOB, 250_000);
            return null;
        });
        assertThat(activity(BOB)).as("an agent's message").containsExactly(250_000L, 4L);
        db().write(h -> {
            clock().touch(h, BOB, 130_000);
            return null;
        });
        assertThat(activity(BOB)).as("an older one moves neither").containsExactly(250_000L, 4L);
    }
}
