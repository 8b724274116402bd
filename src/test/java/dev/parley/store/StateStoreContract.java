package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.EventWriter;
import dev.parley.events.EventFilter;
import dev.parley.events.EventItem;
import dev.parley.events.EventStore;
import dev.parley.http.ApiException;
import dev.parley.json.Json;
import dev.parley.state.StateStore;
import dev.parley.state.StateStore.Saved;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link StateStore}: the application's state per client, versioned, each save also an event in the log. */
interface StateStoreContract extends StoreContract {

    private StateStore store() {
        return new StateStore(db(), new EventWriter(db(), List.of()));
    }

    private List<EventItem> events() {
        return new EventStore(db()).read(new EventFilter(ANN, "", true), -1).page().items();
    }

    @Test
    default void loadBeforeAnySaveIsAnEmptyObjectAtVersionZero() {
        assertThat(store().load(ANN)).isEqualTo(new Saved("{}", 0));
    }

    @Test
    default void eachSaveIncrementsTheVersionAndLoadReturnsTheLastBody() {
        StateStore store = store();

        assertThat(store.save(ANN, "", "{\"cart\":1}", OptionalLong.of(0), 1_000)).isEqualTo(1);
        assertThat(store.save(ANN, "", "{\"cart\":2}", OptionalLong.of(1), 1_001)).isEqualTo(2);

        assertThat(store.load(ANN)).isEqualTo(new Saved("{\"cart\":2}", 2));
        assertThat(store.load(BOB)).isEqualTo(new Saved("{}", 0));
    }

    @Test
    default void saveWithoutAnExpectedVersionAlwaysWins() {
        StateStore store = store();
        store.save(ANN, "", "{\"a\":1}", OptionalLong.empty(), 1_000);

        assertThat(store.save(ANN, "", "{\"a\":2}", OptionalLong.empty(), 1_001)).isEqualTo(2);
        assertThat(store.load(ANN).body()).isEqualTo("{\"a\":2}");
    }

    @Test
    default void saveWithAStaleVersionFailsWith412AndChangesNothing() {
        StateStore store = store();
        store.save(ANN, "", "{\"a\":1}", OptionalLong.empty(), 1_000);
        store.save(ANN, "", "{\"a\":2}", OptionalLong.of(1), 1_001);

        assertThatThrownBy(() -> store.save(ANN, "", "{\"a\":3}", OptionalLong.of(1), 1_002))
                .isInstanceOfSatisfying(ApiException.PreconditionFailed.class,
                        e -> assertThat(e.status()).isEqualTo(412));
        assertThatThrownBy(() -> store.save(BOB, "", "{\"b\":1}", OptionalLong.of(3), 1_002))
                .as("a version for a state never saved").isInstanceOf(ApiException.PreconditionFailed.class);

        assertThat(store.load(ANN)).isEqualTo(new Saved("{\"a\":2}", 2));
        assertThat(events()).hasSize(2);
    }

    @Test
    default void saveAppendsAStateEventWithTheClientCidAndState() {
        long version = store().save(ANN, "tab-1", "{\"cart\":[1,2]}", OptionalLong.empty(), 1_000);

        List<EventItem> events = events();
        assertThat(events).singleElement().extracting(EventItem::type, EventItem::ts).containsExactly("state", 1_000L);
        JsonNode event = Json.readTrusted(events.get(0).body());
        assertThat(event.get("clientId").asText()).isEqualTo("ann");
        assertThat(event.get("cid").asText()).isEqualTo("tab-1");
        assertThat(event.get("state")).isEqualTo(Json.readTrusted("{\"cart\":[1,2]}"));
        assertThat(version).isEqualTo(1);
    }

    @Test
    default void stateEventsTakeTheirPlaceOnTheClientsClock() {
        log().append(ANN, 5_000, LogFixture.Spec.push("p1", "hi"));

        store().save(ANN, "", "{}", OptionalLong.empty(), 1_000);

        assertThat(events()).extracting(EventItem::ts).containsExactly(5_000L, 5_001L);
    }
}
