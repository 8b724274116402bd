package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.events.Committed;
import dev.parley.events.EventWriter;
import dev.parley.events.NewEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EventWriter}: its listeners are told of every commit, once, after it, and of nothing rolled back. */
interface EventWriterContract extends StoreContract {

    private long eventRows() {
        return db().read(h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Long.class).one());
    }

    @Test
    default void everyListenerIsToldOnceOfWhatTheCommitAppendedInOrder() {
        List<String> told = new ArrayList<>();
        List<Committed> seen = new ArrayList<>();
        EventWriter writer = new EventWriter(db(), List.of(c -> {
            told.add("first");
            seen.add(c);
        }, c -> told.add("second")));
        NewEvent a = LogFixture.Spec.push("p1", "a").at(ANN, 1);
        NewEvent b = LogFixture.Spec.push("p2", "b").at(BOB, 2);

        writer.write(tx -> {
            tx.append(List.of(a));
            tx.appendOne(b, 0);
            tx.queuedDeliveries();
            tx.note("a notice");
            assertThat(told).as("nobody is told before the commit").isEmpty();
            return null;
        });

        assertThat(told).containsExactly("first", "second");
        Committed committed = seen.getFirst();
        assertThat(committed.events()).containsExactly(a, b);
        assertThat(committed.clients()).containsExactly(ANN, BOB);
        assertThat(committed.deliveries()).isTrue();
        assertThat(committed.notes(String.class)).containsExactly("a notice");
        assertThat(committed.notes(Integer.class)).isEmpty();
    }

    @Test
    default void aWriteThatFailsAppendsNothingAndTellsNobody() {
        List<Committed> seen = new ArrayList<>();
        EventWriter writer = new EventWriter(db(), List.of(seen::add));

        assertThatThrownBy(() -> writer.write(tx -> {
            tx.append(List.of(LogFixture.Spec.push("p1", "a").at(ANN, 1)));
            throw new IllegalStateException("refused");
        })).hasMessage("refused");

        assertThat(seen).isEmpty();
        assertThat(eventRows()).isZero();
    }

    @Test
    default void aFailingListenerNeitherFailsTheCommittedWriteNorSilencesTheOthers() {
        List<Committed> seen = new ArrayList<>();
        EventWriter writer = new EventWriter(db(), List.of(c -> {
            throw new IllegalStateException("listener bug");
        }, seen::add));

        String result = writer.write(tx -> {
            tx.append(List.of(LogFixture.Spec.push("p1", "a").at(ANN, 1)));
            return "committed";
        });

        assertThat(result).isEqualTo("committed");
        assertThat(seen).hasSize(1);
        assertThat(eventRows()).isEqualTo(1);
    }

    @Test
    default void aWriteThatChangedNoLogTellsNobody() {
        List<Committed> seen = new ArrayList<>();

        new EventWriter(db(), List.of(seen::add)).write(tx -> tx.handle().createQuery("SELECT 1")
                .mapTo(Integer.class).one());

        assertThat(seen).isEmpty();
    }
}
