package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.events.EventFilter;
import dev.parley.events.EventItem;
import dev.parley.events.EventWriter;
import dev.parley.events.EventStore;
import dev.parley.events.EventStore.Slice;
import dev.parley.store.LogFixture.Spec;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link EventWriter} and {@link EventStore}: what a reader of a client's log gets, and its read cursors. */
interface EventStoreContract extends StoreContract {

    private Slice read(String cid, boolean all, long after) {
        return new EventStore(db()).read(new EventFilter(ANN, cid, all), after);
    }

    private static List<Long> stamps(Slice slice) {
        return slice.page().items().stream().map(EventItem::ts).toList();
    }

    @Test
    default void readOfAClientWithoutEventsIsEmptyAtClockZero() {
        Slice slice = read("", true, -1);

        assertThat(slice.page().items()).isEmpty();
        assertThat(slice.page().hasMore()).isFalse();
        assertThat(slice.clock()).isZero();
    }

    @Test
    default void readReturnsTheClientsEventsOldestFirstWithTypeAndBody() {
        List<Long> ts = log().append(ANN, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"));
        log().append(BOB, 1_000, Spec.request("q2", "not for ann"));

        Slice slice = read("", true, -1);

        assertThat(slice.page().items()).extracting(EventItem::ts, EventItem::type)
                .containsExactly(tuple(ts.get(0), "request"), tuple(ts.get(1), "botResponse"));
        assertThat(slice.page().items().get(1).body()).contains("\"text\":\"hello\"");
        assertThat(slice.clock()).isEqualTo(ts.get(1));
    }

    @Test
    default void readWithoutAllReturnsOnlyUnsolicitedEvents() {
        log().append(ANN, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"));
        List<Long> pushed = log().append(ANN, 2_000, Spec.push("p1", "an agent joined"));

        assertThat(stamps(read("", false, -1))).containsExactlyElementsOf(pushed);
    }

    @Test
    default void readWithACidReturnsThatConnectionsEventsAndThoseOfNone() {
        List<Long> ts = log().append(ANN, 1_000, Spec.request("q1", "mine").cid("tab-1"),
                Spec.request("q2", "theirs").cid("tab-2"), Spec.push("p1", "everyone's"));

        assertThat(stamps(read("tab-1", true, -1))).containsExactly(ts.get(0), ts.get(2));
        assertThat(stamps(read("tab-2", true, -1))).containsExactly(ts.get(1), ts.get(2));
        assertThat(stamps(read("", true, -1))).containsExactlyElementsOf(ts);
    }

    @Test
    default void readReturnsOnlyEventsAfterTheGivenTimestamp() {
        List<Long> ts = log().append(ANN, 1_000, Spec.push("p1", "a"), Spec.push("p2", "b"), Spec.push("p3", "c"));

        assertThat(stamps(read("", false, ts.get(0)))).containsExactly(ts.get(1), ts.get(2));
        assertThat(stamps(read("", false, ts.get(2)))).isEmpty();
    }

    @Test
    default void readPagesAt250EventsAndSaysWhetherMoreRemain() {
        Spec[] many = IntStream.range(0, EventStore.PAGE + 1).mapToObj(i -> Spec.push("p" + i, "m" + i))
                .toArray(Spec[]::new);
        List<Long> ts = log().append(ANN, 1_000, many);

        Slice first = read("", false, -1);
        assertThat(stamps(first)).containsExactlyElementsOf(ts.subList(0, EventStore.PAGE));
        assertThat(first.page().hasMore()).isTrue();

        Slice rest = read("", false, ts.get(EventStore.PAGE - 1));
        assertThat(stamps(rest)).containsExactly(ts.get(EventStore.PAGE));
        assertThat(rest.page().hasMore()).isFalse();
        assertThat(read("", false, ts.get(0)).page().hasMore()).as("exactly one page left").isFalse();
    }

    @Test
    default void readNeverReturnsEventsNewerThanTheClientsClock() {
        List<Long> ts = log().append(ANN, 1_000, Spec.push("p1", "committed"));
        long ahead = ts.get(0) + 10;
        new EventWriter(db(), List.of()).write(tx -> {
            tx.append(List.of(Spec.push("p2", "not yet on the clock").at(ANN, ahead)));
            return null;
        });

        Slice slice = read("", true, -1);

        assertThat(stamps(slice)).containsExactlyElementsOf(ts);
        assertThat(slice.clock()).isEqualTo(ts.get(0));
    }

    @Test
    default void appendOneReturnsIncreasingRowIds() {
        EventWriter events = new EventWriter(db(), List.of());
        long first = events.write(tx -> tx.appendOne(Spec.push("p1", "a").at(ANN, 1), 0));
        long second = events.write(tx -> tx.appendOne(Spec.push("p2", "b").at(ANN, 2), 0));

        assertThat(second).isGreaterThan(first).isPositive();
    }

    @Test
    default void readCursorIsMinusOneUntilSavedAndThenKeepsTheLastSave() {
        EventStore store = new EventStore(db());
        assertThat(store.cursor(ANN, "tab-1")).isEqualTo(-1);

        store.saveCursor(ANN, "tab-1", 1_005);
        assertThat(store.cursor(ANN, "tab-1")).isEqualTo(1_005);

        store.saveCursor(ANN, "tab-1", 1_009);
        assertThat(store.cursor(ANN, "tab-1")).isEqualTo(1_009);
        assertThat(store.cursor(ANN, "tab-2")).isEqualTo(-1);
        assertThat(store.cursor(BOB, "tab-1")).isEqualTo(-1);
    }
}
