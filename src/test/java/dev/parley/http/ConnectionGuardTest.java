package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guard's books and deadlines on real loopback connections, with a hand-driven clock. */
class ConnectionGuardTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicBoolean descriptorFree = new AtomicBoolean(true);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ServerSocketChannel listener;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        opened.add(listener);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private ConnectionGuard guard(int max, int perAddress) {
        return new ConnectionGuard(max, perAddress, Duration.ofMillis(300), Duration.ofSeconds(2), nanos::get,
                descriptorFree::get);
    }

    /** The server's side of a new loopback connection. */
    private SocketChannel accepted() throws IOException {
        opened.add(SocketChannel.open(listener.getLocalAddress()));
        SocketChannel channel = listener.accept();
        opened.add(channel);
        return channel;
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aConnectionWhoseHeadIsLateIsClosedByTheSweep() throws IOException {
        ConnectionGuard guard = guard(10, 0);
        SocketChannel channel = accepted();
        guard.admit(channel);
        advance(Duration.ofMillis(299));
        guard.sweep();
        assertThat(channel.isOpen()).isTrue();
        advance(Duration.ofMillis(2));
        guard.sweep();
        assertThat(channel.isOpen()).isFalse();
        assertThat(guard.headTimeouts()).isEqualTo(1);
        assertThat(guard.open()).isZero();
    }

    @Test
    void aCompleteHeadLiftsTheDeadlineAndAnAnswerLeavesTheIdleAllowanceThenTheHeadTimeout() throws IOException {
        ConnectionGuard guard = guard(10, 0);
        SocketChannel channel = accepted();
        SocketAddress remote = channel.getRemoteAddress();
        guard.admit(channel);
        guard.requestLineRead(remote);
        guard.headRead(remote);
        advance(Duration.ofMinutes(10));
        guard.sweep();
        assertThat(channel.isOpen()).as("a request being handled has no deadline").isTrue();
        guard.responded(remote);
        advance(Duration.ofMillis(1_900));
        guard.sweep();
        assertThat(channel.isOpen()).as("idle within the allowance").isTrue();
        guard.requestLineRead(remote);
        advance(Duration.ofMillis(99));
        guard.sweep();
        assertThat(channel.isOpen()).as("the idle allowance still bounds the next head").isTrue();
        advance(Duration.ofMillis(2));
        guard.sweep();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aConnectionOverTheLimitIsRefusedUntilAnotherCloses() throws IOException {
        ConnectionGuard guard = guard(1, 0);
        SocketChannel first = accepted();
        guard.admit(first);
        SocketChannel second = accepted();
        assertThatThrownBy(() -> guard.admit(second)).isInstanceOf(ConnectionGuard.RefusedException.class);
        assertThat(guard.refused(ConnectionGuard.Refusal.LIMIT)).isEqualTo(1);
        first.close();
        // a pass that found nothing closed is not repeated within a millisecond: a flood at the limit costs little
        assertThatThrownBy(() -> guard.admit(second)).isInstanceOf(ConnectionGuard.RefusedException.class);
        advance(Duration.ofMillis(1));
        guard.admit(second);
        assertThat(guard.open()).isEqualTo(1);
    }

    @Test
    void oneAddressIsCappedAndTheCapIsFreedByClosing() throws IOException {
        ConnectionGuard guard = guard(10, 2);
        SocketChannel first = accepted();
        guard.admit(first);
        guard.admit(accepted());
        SocketChannel third = accepted();
        assertThatThrownBy(() -> guard.admit(third)).isInstanceOf(ConnectionGuard.RefusedException.class);
        assertThat(guard.refused(ConnectionGuard.Refusal.PER_ADDRESS)).isEqualTo(1);
        first.close();
        guard.sweep();
        guard.admit(third);
        assertThat(guard.open()).isEqualTo(2);
    }

    @Test
    void aConnectionThatTookTheLastDescriptorIsRefused() throws IOException {
        ConnectionGuard guard = guard(10, 0);
        descriptorFree.set(false);
        assertThatThrownBy(() -> guard.admit(accepted())).isInstanceOf(ConnectionGuard.RefusedException.class);
        assertThat(guard.refused(ConnectionGuard.Refusal.DESCRIPTORS)).isEqualTo(1);
        descriptorFree.set(true);
        guard.admit(accepted());
        assertThat(guard.open()).isEqualTo(1);
    }

    @Test
    void manyConnectionsOpenedAndClosedLeaveNothingOnTheBooks() throws IOException {
        ConnectionGuard guard = guard(3, 3);
        for (int i = 0; i < 200; i++) {
            SocketChannel channel = accepted();
            guard.admit(channel);
            channel.close();
        }
        guard.sweep();
        assertThat(guard.open()).isZero();
        assertThat(guard.refused(ConnectionGuard.Refusal.LIMIT) + guard.refused(ConnectionGuard.Refusal.PER_ADDRESS))
                .isZero();
    }

    @Test
    void theSweepRunsAtAQuarterOfTheShortestDeadlineWithinBounds() {
        assertThat(guard(1, 0).period()).isEqualTo(Duration.ofMillis(75));
        assertThat(new ConnectionGuard(1, 0, Duration.ofSeconds(10), Duration.ofSeconds(60)).period())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(new ConnectionGuard(1, 0, Duration.ZERO, Duration.ZERO).period()).isEqualTo(Duration.ofSeconds(1));
    }
}
