package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.http.ApiException;
import dev.parley.status.MessageStatus;
import dev.parley.status.StatusStore;
import dev.parley.status.StatusStore.Change;
import dev.parley.status.StatusStore.Current;
import dev.parley.store.LogFixture.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StatusStore}: delivery statuses of messages to a client, which only move forward. */
interface StatusStoreContract extends StoreContract {

    private void threeMessages() {
        log().append(ANN, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"), Spec.push("p1", "news"),
                Spec.push("p2", "more news"));
    }

    private MessageStatus set(String questionId, MessageStatus status) {
        return new StatusStore(db()).apply(ANN, List.of(new Change(questionId, status, 0)), false).get(0).status();
    }

    private MessageStatus status(String questionId) {
        return new StatusStore(db()).find(ANN, questionId).orElseThrow();
    }

    @Test
    default void messagesToTheClientStartSentAndItsOwnHaveNoStatus() {
        threeMessages();

        assertThat(status("q1")).as("the reply, not the request").isEqualTo(MessageStatus.SENT);
        assertThat(new StatusStore(db()).find(ANN, "nope")).isEmpty();
        assertThat(new StatusStore(db()).find(BOB, "q1")).isEmpty();
    }

    @Test
    default void statusesOnlyMoveForward() {
        threeMessages();

        assertThat(set("q1", MessageStatus.DELIVERED)).isEqualTo(MessageStatus.DELIVERED);
        assertThat(set("q1", MessageStatus.SENT)).isEqualTo(MessageStatus.DELIVERED);
        assertThat(set("q1", MessageStatus.READ)).isEqualTo(MessageStatus.READ);
        assertThat(set("q1", MessageStatus.DELIVERED)).isEqualTo(MessageStatus.READ);
        assertThat(set("q1", MessageStatus.NOT_DELIVERED)).isEqualTo(MessageStatus.READ);

        assertThat(status("q1")).isEqualTo(MessageStatus.READ);
        assertThat(status("p1")).isEqualTo(MessageStatus.SENT);
    }

    @Test
    default void bulkUpdateAppliesEveryChange() {
        threeMessages();

        List<Current> out = new StatusStore(db()).apply(ANN, List.of(new Change("p1", MessageStatus.READ, 0),
                new Change("p2", MessageStatus.DELIVERED, 1)), true);

        assertThat(out).containsExactly(new Current("p1", MessageStatus.READ),
                new Current("p2", MessageStatus.DELIVERED));
        assertThat(status("p1")).isEqualTo(MessageStatus.READ);
        assertThat(status("p2")).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    default void bulkUpdateWithOneUnknownMessageFailsAndChangesNothing() {
        threeMessages();
        List<Change> changes = List.of(new Change("p1", MessageStatus.READ, 0),
                new Change("p2", MessageStatus.READ, 1), new Change("missing", MessageStatus.READ, 2));

        assertThatThrownBy(() -> new StatusStore(db()).apply(ANN, changes, true))
                .isInstanceOf(ApiException.BadRequest.class).hasMessageContaining("statuses[2]");

        assertThat(status("p1")).isEqualTo(MessageStatus.SENT);
        assertThat(status("p2")).isEqualTo(MessageStatus.SENT);
    }

    @Test
    default void singleUpdateOfAnUnknownMessageIsNotFound() {
        threeMessages();

        assertThatThrownBy(() -> set("missing", MessageStatus.READ))
                .isInstanceOfSatisfying(ApiException.NotFound.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    default void unreadCountsMessagesSentOrDeliveredButNotRead() {
        threeMessages();
        assertThat(new StatusStore(db()).unread(ANN)).isEqualTo(3);

        set("p1", MessageStatus.DELIVERED);
        assertThat(new StatusStore(db()).unread(ANN)).isEqualTo(3);

        set("p1", MessageStatus.READ);
        set("q1", MessageStatus.NOT_DELIVERED);
        assertThat(new StatusStore(db()).unread(ANN)).isEqualTo(1);
        assertThat(new StatusStore(db()).unread(BOB)).isZero();
    }

    @Test
    default void concurrentReadsOfOneMessageCountItOnceOffTheUnreadNumber() throws Exception {
        threeMessages();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Callable<MessageStatus>> readers = java.util.Collections.nCopies(16,
                () -> set("p1", MessageStatus.READ));

        for (java.util.concurrent.Future<MessageStatus> done : pool.invokeAll(readers)) {
            assertThat(done.get()).isEqualTo(MessageStatus.READ);
        }
        pool.shutdown();

        assertThat(new StatusStore(db()).unread(ANN)).as("3 unread, one of them read 16 times at once").isEqualTo(2);
    }
}
