package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.EventType;
import dev.parley.export.ExportStore;
import dev.parley.export.MessageRow;
import dev.parley.store.LogFixture.Spec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ExportStore}: messages streamed in order, one client's or a channel's over a span. */
interface ExportStoreContract extends StoreContract {

    Spec STATE = new Spec(EventType.STATE, "", "", false, "", "", "");

    private static List<String> texts(List<MessageRow> rows) {
        return rows.stream().map(r -> r.clientId() + ":" + r.text()).toList();
    }

    @Test
    default void transcriptStreamsOneClientsMessagesOldestFirstWithoutStateSaves() throws IOException {
        log().append(ANN, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"), STATE);
        log().append(BOB, 1_000, Spec.request("q9", "other"));
        log().append(ANN, 2_000, Spec.request("q2", "bye"), Spec.reply("q2", "see you"));
        List<MessageRow> rows = new ArrayList<>();

        long count = new ExportStore(db()).transcript(ANN, rows::add);

        assertThat(count).isEqualTo(4);
        assertThat(texts(rows)).containsExactly("ann:hi", "ann:hello", "ann:bye", "ann:see you");
        assertThat(rows.get(1).author()).isEqualTo("BOT");
        assertThat(rows.get(1).status()).isEqualTo("SENT");
        assertThat(rows.get(0).status()).isEmpty();
        assertThat(rows.get(0).questionId()).isEqualTo("q1");
    }

    @Test
    default void spanIncludesFromExcludesToAndGoesClientByClient() throws IOException {
        log().append(BOB, 1_000, Spec.request("b1", "bob early"));
        log().append(ANN, 1_000, Spec.request("a1", "ann early"));
        log().append(BOB, 2_000, Spec.request("b2", "bob in"));
        log().append(ANN, 2_500, Spec.request("a2", "ann in"));
        log().append(ANN, 3_000, Spec.request("a3", "ann late"));
        List<MessageRow> rows = new ArrayList<>();

        new ExportStore(db()).span(1, 2_000, 3_000, rows::add);

        assertThat(texts(rows)).containsExactly("ann:ann in", "bob:bob in");
    }

    @Test
    default void hasClientOnlyForClientsWithARow() {
        log().append(ANN, 1_000, Spec.request("q1", "hi"));

        assertThat(new ExportStore(db()).hasClient(ANN)).isTrue();
        assertThat(new ExportStore(db()).hasClient(BOB)).isFalse();
    }
}
