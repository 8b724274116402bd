package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTypingTest {

    private final WakeUps wakeUps = new WakeUps();
    private final ClientTyping typing = new ClientTyping(wakeUps);
    private final ClientKey alice = new ClientKey(1, "alice");

    @Test
    void typingReachesEveryOpenStreamOfTheClientAndWakesItsWaiters() throws InterruptedException {
        WakeUps.Signal signal = wakeUps.watch(alice);
        try (ClientTyping.Subscription one = typing.subscribe(alice);
                ClientTyping.Subscription two = typing.subscribe(alice);
                ClientTyping.Subscription other = typing.subscribe(new ClientKey(2, "alice"))) {
            typing.deliver(alice, "{\"n\":1}");

            assertThat(signal.await(0)).isTrue();
            assertThat(one.drain()).containsExactly("{\"n\":1}");
            assertThat(two.pending()).isTrue();
            assertThat(two.drain()).containsExactly("{\"n\":1}");
            assertThat(other.pending()).isFalse();
        }
    }

    @Test
    void withNoStreamOpenTypingIsDroppedAndClosedStreamsCostNothing() {
        typing.subscribe(alice).close();

        typing.deliver(alice, "{}");

        assertThat(typing.streams()).isZero();
    }

    @Test
    void aStreamThatDoesNotReadKeepsOnlyTheBacklog() {
        try (ClientTyping.Subscription slow = typing.subscribe(alice)) {
            for (int i = 0; i < ClientTyping.BACKLOG * 3; i++) {
                typing.deliver(alice, "{\"n\":" + i + "}");
            }

            assertThat(slow.drain()).hasSize(ClientTyping.BACKLOG).first().isEqualTo("{\"n\":0}");
        }
    }
}
