package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversation.PendingTurns;
import dev.parley.events.ClientKey;
import dev.parley.events.EventLog;
import dev.parley.events.EventWriter;
import dev.parley.events.EventType;
import dev.parley.events.NewEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PendingTurns}: which node runs an accepted async turn, and who adopts it when its node is gone. */
interface PendingTurnsContract extends StoreContract {

    long A = 11;
    long B = 22;
    long LEASE = 30_000;

    /** Leases measured with the times the test passes, on both databases. */
    private PendingTurns pending() {
        return PendingTurns.withCallersClock(db());
    }

    /** Accepts an async request of {@code client} as node {@code node} does: a pending request event of its own. */
    private long accept(ClientKey client, long node) {
        return new EventWriter(db(), List.of()).write(tx -> {
            long ts = tx.handle().createQuery("SELECT COALESCE(MAX(ts), 0) + 1 FROM events").mapTo(Long.class).one();
            return tx.appendOne(new NewEvent(client, ts, EventType.REQUEST, "q" + ts, "", false, "CLIENT",
                    "hi", "", true, "{\"questionId\":\"q" + ts + "\"}"), node);
        });
    }

    private List<Long> adopted(long node, long now) {
        return pending().beatAndAdopt(node, now, LEASE, 100).stream().map(PendingTurns.Pending::eventId)
                .toList();
    }

    private boolean answered(long eventId, long node) {
        return db().write(h -> EventLog.answered(h, eventId, node));
    }

    @Test
    default void theTurnsOfALiveNodeAreNotAdoptedUntilItsBeatRunsOut() {
        pending().beat(A, 1_000, LEASE);
        long turn = accept(ANN, A);

        assertThat(adopted(B, 2_000)).isEmpty();
        assertThat(adopted(B, 1_000 + LEASE)).as("A missed its beat: it is gone").containsExactly(turn);
        assertThat(adopted(A, 2_000 + LEASE)).as("B beat when it adopted").isEmpty();
    }

    @Test
    default void aNodeThatLeftHasItsTurnsAdoptedAtOnce() {
        pending().beat(A, 1_000, LEASE);
        long turn = accept(ANN, A);

        pending().leave(A);

        assertThat(adopted(B, 2_000)).containsExactly(turn);
    }

    @Test
    default void aNodeThatNeverBeatIsGoneAsAreRequestsLeftByEarlierVersionsOnceTheyWaitedAMinute() {
        long unknownNode = accept(ANN, 99);
        long earlierVersion = accept(BOB, 1); // its ts is 2

        assertThat(adopted(B, 2_000)).as("an old node may still be running it").containsExactly(unknownNode);
        assertThat(adopted(B, 1 + PendingTurns.EARLIER_VERSION_GRACE_MILLIS)).isEmpty();
        assertThat(adopted(B, 2 + PendingTurns.EARLIER_VERSION_GRACE_MILLIS)).containsExactly(earlierVersion);
    }

    @Test
    default void onPostgresqlLeasesRunOnTheDatabasesClockNotOnTheNodes() {
        if (db().dialect() != Dialect.POSTGRESQL) {
            return; // one node only: its own clock is the only one
        }
        long year = 365L * 24 * 3600 * 1000;
        PendingTurns byDatabase = new PendingTurns(db());
        byDatabase.beat(A, System.currentTimeMillis() - year, LEASE); // A's clock lags a year
        long turn = accept(ANN, A);

        long ahead = System.currentTimeMillis() + year; // B's clock runs a year ahead
        assertThat(byDatabase.beatAndAdopt(B, ahead, LEASE, 100)).as("A is alive").isEmpty();
        byDatabase.leave(A);
        assertThat(byDatabase.beatAndAdopt(B, ahead, LEASE, 100)).extracting(PendingTurns.Pending::eventId)
                .containsExactly(turn);
    }

    @Test
    default void adoptedTurnsComeOldestFirstAndANodeNeverAdoptsItsOwn() {
        long first = accept(ANN, 99);
        long own = accept(ANN, B);
        long second = accept(BOB, 99);
        long third = accept(ANN, 99);

        assertThat(adopted(B, 2_000)).containsExactly(first, second, third).doesNotContain(own);
    }

    @Test
    default void answeredTurnsAreNotAdopted() {
        long turn = accept(ANN, 99);
        assertThat(answered(turn, 99)).isTrue();

        assertThat(adopted(B, 2_000)).isEmpty();
        assertThat(pending().count()).isZero();
    }

    @Test
    default void aTurnAdoptedFromANodeThatSeemedGoneCanNoLongerBeAnsweredByIt() {
        long turn = accept(ANN, A);
        assertThat(adopted(B, 2_000)).containsExactly(turn);

        assertThat(answered(turn, A)).as("A's late commit must roll back").isFalse();
        assertThat(answered(turn, B)).isTrue();
        assertThat(answered(turn, B)).as("answered once only").isFalse();
    }

    @Test
    default void adoptionTakesAtMostTheLimitAndBeatsWithoutAdoptingAtLimitZero() {
        accept(ANN, 99);
        accept(BOB, 99);

        assertThat(pending().beatAndAdopt(B, 2_000, LEASE, 0)).isEmpty();
        assertThat(pending().beatAndAdopt(B, 2_000, LEASE, 1)).hasSize(1);
        assertThat(adopted(A, 3_000)).as("B beat, so its adopted turn stays its own").hasSize(1);
        assertThat(pending().count()).isEqualTo(2);
    }

    @Test
    default void aRestartedSingleNodeAdoptsWhatItsPreviousRunLeftAtOnce() {
        pending().beat(A, 1_000, LEASE);
        long turn = accept(ANN, A);

        pending().forgetPreviousRuns(B);

        if (db().isSingleNode()) {
            assertThat(adopted(B, 2_000)).containsExactly(turn);
        } else {
            assertThat(adopted(B, 2_000)).as("A may be another node, alive").isEmpty();
        }
    }
}
