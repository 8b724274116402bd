package dev.parley.http;

import io.helidon.common.socket.SocketOptions;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Helidon's options for accepted connections, applied after the {@link ConnectionGuard} admitted the connection (a
 * refused one makes Helidon close it at once), plus a read timeout (SO_TIMEOUT) on each socket, so that a request whose
 * line, headers or body stop arriving does not hold its connection and virtual thread forever. Helidon 4.5 has a
 * {@code readTimeout} option but never applies it to the server's sockets. The timeout only bounds a read that waits
 * for the client: a handler that waits (a long poll) or writes (an event stream) reads nothing meanwhile. It also
 * closes a keep-alive connection idle for that long. Works with blocking sockets ({@code useNio(false)}), whose reads
 * go through {@link Socket#getInputStream()}. Helidon calls {@link #configureSocket(SocketChannel)} on its listener
 * thread right after each accept. Immutable.
 */
public final class GuardedSocketOptions implements SocketOptions {

    private final SocketOptions helidon;
    private final ConnectionGuard guard;
    /** 0 for no read timeout. */
    private final int timeoutMillis;

    /** @param readTimeout zero for none */
    public GuardedSocketOptions(SocketOptions helidon, ConnectionGuard guard, Duration readTimeout) {
        this.helidon = helidon;
        this.guard = guard;
        // at least 1 ms unless off: SO_TIMEOUT 0 means no timeout at all
        this.timeoutMillis = readTimeout.isZero() ? 0 : (int) Math.clamp(readTimeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    @Override
    public void configureSocket(SocketChannel channel) {
        guard.admit(channel);
        helidon.configureSocket(channel);
        setTimeout(channel.socket());
    }

    /** Not called for the server's accepted connections (Helidon 4.5 accepts channels): no admission here. */
    @Override
    public void configureSocket(Socket socket) {
        helidon.configureSocket(socket);
        setTimeout(socket);
    }

    private void setTimeout(Socket socket) {
        if (timeoutMillis == 0) {
            return;
        }
        try {
            socket.setSoTimeout(timeoutMillis);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return helidon.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return helidon.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return timeoutMillis == 0 ? helidon.readTimeout() : Duration.ofMillis(timeoutMillis);
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return helidon.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return helidon.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return helidon.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return helidon.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return helidon.tcpNoDelay();
    }
}
