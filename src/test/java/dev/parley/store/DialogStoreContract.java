package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.dialog.ClientSummary;
import dev.parley.dialog.ClientPosition;
import dev.parley.dialog.DialogStore;
import dev.parley.dialog.SearchIndex;
import dev.parley.dialog.SearchHit;
import dev.parley.dialog.SearchText;
import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.store.LogFixture.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.parley.dialog.DialogStore}: a channel's clients, most recently active first, by keyset pages; full-text
 * search over its messages, kept by the database itself as events are written and erased.
 */
interface DialogStoreContract extends StoreContract {

    ClientKey OTHER_CHANNEL = new ClientKey(2, "ann");

    private DialogStore dialogs() {
        return new DialogStore(db(), new SearchIndex(db()));
    }

    private List<SearchHit> search(String text, int limit) {
        return dialogs().search(1, SearchText.parse(text), OptionalLong.empty(), limit);
    }

    private List<SearchHit> searchBelow(String text, long below, int limit) {
        return dialogs().search(1, SearchText.parse(text), OptionalLong.of(below), limit);
    }

    private static List<String> ids(List<ClientSummary> clients) {
        return clients.stream().map(ClientSummary::clientId).toList();
    }

    private static List<String> texts(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::text).toList();
    }

    @Test
    default void clientsComeMostRecentlyActiveFirstWithTheirNewestMessage() {
        log().append(ANN, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello ann"));
        log().append(BOB, 2_000, Spec.request("q2", "hey"));
        log().append(OTHER_CHANNEL, 3_000, Spec.request("q3", "elsewhere"));

        List<ClientSummary> clients = dialogs().clients(1, "", Optional.empty(), 10);

        assertThat(ids(clients)).containsExactly("bob", "ann");
        ClientSummary ann = clients.get(1);
        assertThat(ann.lastActivity()).isEqualTo(1_000);
        assertThat(ann.messageCount()).isEqualTo(2);
        assertThat(ann.unread()).as("the bot's SENT reply").isEqualTo(1);
        assertThat(ann.withAgent()).isFalse();
        assertThat(ann.lastMessage()).hasValueSatisfying(m -> {
            assertThat(m.author()).isEqualTo("BOT");
            assertThat(m.text()).isEqualTo("hello ann");
        });
    }

    @Test
    default void clientPagesAfterACursorNeitherSkipNorRepeatClientsActiveAtTheSameMoment() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ClientKey key = new ClientKey(1, "c" + i);
            log().append(key, i < 4 ? 5_000 : 6_000, Spec.request("q" + i, "text " + i));
        }

        Optional<ClientPosition> after = Optional.empty();
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            List<ClientSummary> found = dialogs().clients(1, "", after, 3);
            paged.addAll(ids(found));
            if (found.size() < 3) {
                break;
            }
            after = Optional.of(ClientPosition.after(found.getLast()));
        }
        all.addAll(ids(dialogs().clients(1, "", Optional.empty(), 100)));

        assertThat(all).containsExactly("c6", "c5", "c4", "c3", "c2", "c1", "c0");
        assertThat(paged).isEqualTo(all);
    }

    @Test
    default void pagesKeepTheOrderOfTheActivityAcrossMinutesAndWithinOne() {
        long[] activity = {59_999, 60_000, 60_000, 119_999, 61_000, 180_000, 200_000, 121_000};
        for (int i = 0; i < activity.length; i++) {
            log().append(new ClientKey(1, "c" + i), activity[i], Spec.request("q" + i, "text " + i));
        }
        db().write(h -> {
            new ClientClock(db().dialect()).touch(h, new ClientKey(1, "c4"), 200_000); // an agent wrote, 2 minutes on
            return null;
        });
        List<String> expected = List.of("c6", "c4", "c5", "c7", "c3", "c2", "c1", "c0");

        assertThat(ids(dialogs().clients(1, "", Optional.empty(), 100))).isEqualTo(expected);
        for (int size = 1; size <= 3; size++) {
            List<String> paged = new ArrayList<>();
            Optional<ClientPosition> after = Optional.empty();
            for (int page = 0; page < expected.size() + 1; page++) {
                List<ClientSummary> found = dialogs().clients(1, "", after, size);
                paged.addAll(ids(found));
                if (found.size() < size) {
                    break;
                }
                after = Optional.of(ClientPosition.after(found.getLast()));
            }
            assertThat(paged).as("pages of %d", size).isEqualTo(expected);
        }
    }

    @Test
    default void aPrefixKeepsOnlyTheClientsWhoseIdStartsWithIt() {
        log().append(new ClientKey(1, "shop-1"), 1_000, Spec.request("q1", "a"));
        log().append(new ClientKey(1, "shop-2"), 2_000, Spec.request("q2", "b"));
        log().append(new ClientKey(1, "web-1"), 3_000, Spec.request("q3", "c"));
        log().append(new ClientKey(1, "SHOP-3"), 4_000, Spec.request("q4", "d"));

        assertThat(ids(dialogs().clients(1, "shop-", Optional.empty(), 10))).containsExactly("shop-2", "shop-1");
        assertThat(ids(dialogs().clients(1, "%", Optional.empty(), 10))).as("no LIKE patterns").isEmpty();
    }

    @Test
    default void studioTestClientsAreNeitherListedNorSearched() {
        log().append(ANN, 1_000, Spec.request("q1", "refund please"));
        db().write(h -> {
            ClientClock.markTest(h, ANN);
            return null;
        });

        assertThat(dialogs().clients(1, "", Optional.empty(), 10)).isEmpty();
        assertThat(dialogs().client(ANN)).isEmpty();
        assertThat(search("refund", 10)).isEmpty();
    }

    @Test
    default void aSearchFindsEveryMessageCommittedBeforeItAlsoMoreThanOneBatchOfTheIndex() {
        Spec[] many = IntStream.range(0, SearchIndex.BATCH + 10)
                .mapToObj(i -> Spec.request("q" + i, i == 0 ? "first parcel" : i == SearchIndex.BATCH + 9
                        ? "last parcel" : "parcel"))
                .toArray(Spec[]::new);
        log().append(ANN, 1_000, many);

        assertThat(texts(search("first", 10))).containsExactly("first parcel");
        assertThat(texts(search("last", 10))).containsExactly("last parcel");
        assertThat(new SearchIndex(db()).catchUp()).as("nothing left to index").isZero();
    }

    @Test
    default void searchFindsWordFormsInAnyCaseNewestFirstInTheChannelOnly() {
        log().append(ANN, 1_000, Spec.request("q1", "Where is my ORDER?"), Spec.reply("q1", "Your orders ship today"));
        log().append(BOB, 2_000, Spec.request("q2", "I ordered a lamp"), Spec.push("p1", "An agent: ordering is open"));
        log().append(OTHER_CHANNEL, 3_000, Spec.request("q3", "order elsewhere"));
        log().append(BOB, 4_000, Spec.request("q4", "nothing to see"));

        List<SearchHit> hits = search("orders", 10);

        assertThat(texts(hits)).containsExactly("An agent: ordering is open", "I ordered a lamp",
                "Your orders ship today", "Where is my ORDER?");
        assertThat(hits.getFirst().author()).isEqualTo("OPERATOR");
        assertThat(hits.getLast().clientId()).isEqualTo("ann");
        assertThat(hits.getLast().questionId()).isEqualTo("q1");
        assertThat(hits.getLast().author()).isEqualTo("CLIENT");
    }

    @Test
    default void searchNeedsEveryWord() {
        log().append(ANN, 1_000, Spec.request("q1", "red lamp"), Spec.request("q2", "blue lamp"));

        assertThat(texts(search("lamps RED", 10))).containsExactly("red lamp");
    }

    @Test
    default void searchPagesBelowAnEventIdNeitherSkipNorRepeat() {
        for (int i = 0; i < 5; i++) {
            log().append(i % 2 == 0 ? ANN : BOB, 1_000 + i, Spec.request("q" + i, "refund number " + i));
        }
        List<SearchHit> all = search("refund", 100);
        List<SearchHit> paged = new ArrayList<>(search("refund", 2));
        paged.addAll(searchBelow("refund", paged.getLast().id(), 2));
        paged.addAll(searchBelow("refund", paged.getLast().id(), 2));

        assertThat(all).hasSize(5);
        assertThat(paged).isEqualTo(all);
    }

    @Test
    default void aSmallChannelIsSearchedBelowTheManyMatchesOfABigOne() {
        log().append(ANN, 1_000, Spec.request("q1", "parcel one"));
        Spec[] elsewhere = new Spec[2_100];
        java.util.Arrays.setAll(elsewhere, i -> Spec.request("o" + i, "parcel number " + i));
        log().append(OTHER_CHANNEL, 2_000, elsewhere);
        log().append(ANN, 9_000, Spec.request("q2", "parcel two"));

        List<SearchHit> first = search("parcel", 1);
        List<SearchHit> second = searchBelow("parcel", first.getLast().id(), 1);

        assertThat(texts(search("parcels", 10))).containsExactly("parcel two", "parcel one");
        assertThat(texts(first)).containsExactly("parcel two");
        assertThat(texts(second)).containsExactly("parcel one");
        assertThat(searchBelow("parcel", second.getLast().id(), 1)).isEmpty();
    }

    @Test
    default void queryLanguageInTheTextIsSearchedAsTextNeverObeyed() {
        log().append(ANN, 1_000, Spec.request("q1", "say \"near\" the star* (please)"));

        assertThat(texts(search("\"near", 10))).hasSize(1);
        assertThat(texts(search("NEAR(star please)", 10))).hasSize(1);
        assertThat(texts(search("star* OR -x", 10))).isEmpty();
        assertThat(texts(search("text:star AND channel:c1", 10))).isEmpty();
        assertThat(texts(search("\"\"\" ^star", 10))).hasSize(1);
        assertThat(search("the a is", 10)).as("stop words only: PostgreSQL finds none, and does not fail")
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    default void erasedAndRewrittenMessagesLeaveTheSearch() {
        log().append(ANN, 1_000, Spec.request("q1", "my secret parcel"));
        log().append(BOB, 2_000, Spec.request("q2", "another parcel"));

        db().write(h -> h.createUpdate("DELETE FROM events WHERE client_id = 'ann'").execute());
        assertThat(texts(search("parcel", 10))).containsExactly("another parcel");

        db().write(h -> h.createUpdate("UPDATE events SET text = 'a letter' WHERE client_id = 'bob'").execute());
        assertThat(search("parcel", 10)).isEmpty();
        assertThat(texts(search("letters", 10))).containsExactly("a letter");
    }

    @Test
    default void statesAndSystemNoticesAreNotSearched() {
        log().append(ANN, 1_000, new Spec(dev.parley.events.EventType.HUMAN_RESPONSE, "s1", "", true, "SYSTEM",
                "Anna joined the conversation", "SENT"));

        assertThat(search("joined", 10)).isEmpty();
    }
}
