package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommittedRowsTest {

    private static final ClientKey ANN = new ClientKey(1, "ann");
    private static final ClientKey BOB = new ClientKey(1, "bob");

    private static ClientClock.ClientRow row(long version) {
        return new ClientClock.ClientRow("s" + version, version, false, 1_000, 1_000 + version, version, 0, false);
    }

    private static Committed turn(ClientKey key, ClientClock.ClientRow written) {
        return new Committed(List.of(), List.of(key), false, List.of(new CommittedRows.Written(key, written)));
    }

    private static Committed otherWrite(ClientKey key) {
        return new Committed(List.of(), List.of(key), false, List.of());
    }

    @Test
    void aTurnsCommitKeepsTheRowItWroteAndTheNextOneReplacesIt() {
        CommittedRows rows = new CommittedRows(true);
        rows.committed(turn(ANN, row(1)));
        rows.committed(turn(ANN, row(2)));

        assertThat(rows.find(ANN)).contains(row(2));
        assertThat(rows.find(BOB)).isEmpty();
    }

    @Test
    void aCommitThatTouchesTheClientWithoutWritingItsRowForgetsIt() {
        CommittedRows rows = new CommittedRows(true);
        rows.committed(turn(ANN, row(1)));
        rows.committed(turn(BOB, row(1)));

        rows.committed(otherWrite(ANN));

        assertThat(rows.find(ANN)).as("an agent's message, say, moved the row's clock").isEmpty();
        assertThat(rows.find(BOB)).contains(row(1));
    }

    @Test
    void forgettingOneOrAllRowsMakesTurnsReadTheDatabaseAgain() {
        CommittedRows rows = new CommittedRows(true);
        rows.committed(turn(ANN, row(1)));
        rows.committed(turn(BOB, row(1)));

        rows.forget(ANN);
        assertThat(rows.find(ANN)).isEmpty();
        assertThat(rows.find(BOB)).isPresent();
        rows.forgetAll();
        assertThat(rows.find(BOB)).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedRowsGoFirstBeyondTheCapacity() {
        CommittedRows rows = new CommittedRows(true);
        for (int i = 0; i < CommittedRows.CAPACITY; i++) {
            rows.committed(turn(new ClientKey(2, "c" + i), row(1)));
        }
        rows.find(new ClientKey(2, "c0")); // used again: now the most recent

        rows.committed(turn(ANN, row(1)));

        assertThat(rows.size()).isEqualTo(CommittedRows.CAPACITY);
        assertThat(rows.find(new ClientKey(2, "c0"))).isPresent();
        assertThat(rows.find(new ClientKey(2, "c1"))).as("the least recently used").isEmpty();
        assertThat(rows.find(ANN)).isPresent();
    }

    @Test
    void disabledItKeepsNothing() {
        CommittedRows rows = new CommittedRows(false);
        rows.committed(turn(ANN, row(1)));

        assertThat(rows.find(ANN)).isEmpty();
    }
}
