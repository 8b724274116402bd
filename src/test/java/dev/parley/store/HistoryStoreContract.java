package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.EventWriter;
import dev.parley.history.HistoryQuery;
import dev.parley.history.HistoryStore;
import dev.parley.json.Times;
import dev.parley.state.StateStore;
import dev.parley.store.LogFixture.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link HistoryStore}: pages of a client's messages, in either order, by offset or time span, with a total. */
interface HistoryStoreContract extends StoreContract {

    private List<Long> conversation() {
        return log().append(ANN, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"),
                Spec.request("q2", "bye"), Spec.reply("q2", "see you"));
    }

    private ObjectNode page(OptionalLong from, OptionalLong to, int limit, int offset, boolean newestFirst) {
        return new HistoryStore(db()).page(new HistoryQuery(ANN, from, to, limit, offset, newestFirst));
    }

    private ObjectNode page(int limit, int offset, boolean newestFirst) {
        return page(OptionalLong.empty(), OptionalLong.empty(), limit, offset, newestFirst);
    }

    private static List<String> texts(ObjectNode page) {
        List<String> out = new ArrayList<>();
        page.get("messages").forEach(m -> out.add(m.get("textMessage").asText()));
        return out;
    }

    @Test
    default void historyOfAnUnknownClientIsEmpty() {
        ObjectNode page = page(10, 0, false);

        assertThat(page.get("totalCount").asLong()).isZero();
        assertThat(page.get("messages")).isEmpty();
    }

    @Test
    default void historyPagesOldestFirstOrNewestFirst() {
        conversation();

        assertThat(texts(page(10, 0, false))).containsExactly("hi", "hello", "bye", "see you");
        assertThat(texts(page(10, 0, true))).containsExactly("see you", "bye", "hello", "hi");
    }

    @Test
    default void historyHonoursLimitAndOffsetAndCountsTheWholeHistory() {
        conversation();

        ObjectNode oldest = page(2, 1, false);
        assertThat(texts(oldest)).containsExactly("hello", "bye");
        assertThat(oldest.get("totalCount").asLong()).isEqualTo(4);
        assertThat(texts(page(2, 1, true))).containsExactly("bye", "hello");
        assertThat(texts(page(2, 3, false))).containsExactly("see you");
        assertThat(texts(page(2, 4, false))).isEmpty();
    }

    @Test
    default void timeSpanIsInclusiveAndItsTotalCountsOnlyMessagesInsideIt() {
        List<Long> ts = conversation();

        ObjectNode middle = page(OptionalLong.of(ts.get(1)), OptionalLong.of(ts.get(2)), 10, 0, false);
        assertThat(texts(middle)).containsExactly("hello", "bye");
        assertThat(middle.get("totalCount").asLong()).isEqualTo(2);

        ObjectNode since = page(OptionalLong.of(ts.get(1)), OptionalLong.empty(), 1, 0, true);
        assertThat(texts(since)).containsExactly("see you");
        assertThat(since.get("totalCount").asLong()).isEqualTo(3);

        ObjectNode until = page(OptionalLong.empty(), OptionalLong.of(ts.get(0)), 10, 0, false);
        assertThat(texts(until)).containsExactly("hi");
        assertThat(until.get("totalCount").asLong()).isEqualTo(1);
    }

    @Test
    default void totalCountWithoutASpanIsTheMessageCountOfTheClientRow() {
        conversation();
        db().write(h -> h.createUpdate("UPDATE clients SET message_count = 1000 WHERE client_id = 'ann'").execute());

        ObjectNode page = page(10, 0, false);

        assertThat(page.get("totalCount").asLong()).isEqualTo(1000);
        assertThat(page.get("messages")).hasSize(4);
    }

    @Test
    default void stateEventsAreNotMessages() {
        conversation();
        new StateStore(db(), new EventWriter(db(), List.of())).save(ANN, "", "{\"cart\":2}", OptionalLong.empty(), 5_000);

        ObjectNode page = page(10, 0, true);

        assertThat(texts(page)).containsExactly("see you", "bye", "hello", "hi");
        assertThat(page.get("totalCount").asLong()).isEqualTo(4);
    }

    @Test
    default void messageCarriesQuestionIdAuthorStatusAndTimestamp() {
        List<Long> ts = conversation();

        JsonNode request = page(10, 0, false).get("messages").get(0);
        JsonNode reply = page(10, 0, false).get("messages").get(1);

        assertThat(request.get("questionId").asText()).isEqualTo("q1");
        assertThat(request.get("author").asText()).isEqualTo("CLIENT");
        assertThat(request.get("status").asText()).as("a client's own message").isEqualTo("READ");
        assertThat(request.get("timestamp").asText()).isEqualTo(Times.iso(ts.get(0)));
        assertThat(reply.get("author").asText()).isEqualTo("BOT");
        assertThat(reply.get("status").asText()).isEqualTo("SENT");
        assertThat(reply.get("timestamp").asText()).isEqualTo(Times.iso(ts.get(1)));
    }
}
