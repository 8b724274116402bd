package dev.parley.streams;

import dev.parley.http.ConnectionGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A second port that serves only the waiting requests, long polls and event streams, with one selector thread and no
 * thread per connection: a waiting connection costs its socket and a few small objects, about a tenth of what the
 * main listener's parked virtual thread and read buffer cost. Each request is handled on a virtual thread that ends
 * once its answer is out or its wait is armed ({@link WaitingRoutes}). Its connections count in the main listener's
 * {@link ConnectionGuard} (one budget, in all and per address, with a descriptor kept free); it keeps its own head
 * deadlines: the time a client has for a request's line and headers, and between requests. Thread-safe.
 */
public final class StreamsListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StreamsListener.class.getName());

    /**
     * @param headTimeout how long a new connection has to send a request's line and headers; zero for no limit
     * @param idleTimeout how long a connection may wait for its next request after an answer; zero for no limit
     */
    public record Limits(Duration headTimeout, Duration idleTimeout) {
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Limits limits;
    private final ConnectionGuard guard;
    private final WaitingRoutes routes;
    private final ScheduledExecutorService timer;
    private final Set<StreamsConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread loop;
    private volatile boolean running = true;

    private StreamsListener(ServerSocketChannel server, Selector selector, Limits limits, ConnectionGuard guard,
            WaitingRoutes routes, ScheduledExecutorService timer) {
        this.server = server;
        this.selector = selector;
        this.limits = limits;
        this.guard = guard;
        this.routes = routes;
        this.timer = timer;
        this.loop = Thread.ofPlatform().name("parley-streams").daemon().unstarted(this::run);
    }

    /**
     * Binds {@code host:port} (0 for any free port) and starts serving.
     *
     * @param timer runs the head deadlines; closing the listener shuts it down
     */
    public static StreamsListener start(String host, int port, Limits limits, ConnectionGuard guard,
            WaitingRoutes routes, ScheduledExecutorService timer) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            try {
                server.bind(new InetSocketAddress(host, port), 1024);
                server.configureBlocking(false);
                Selector selector = Selector.open();
                server.register(selector, SelectionKey.OP_ACCEPT);
                StreamsListener listener = new StreamsListener(server, selector, limits, guard, routes, timer);
                listener.loop.start();
                return listener;
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen for waiting requests on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /** Connections open right now. */
    public int connections() {
        return open.size();
    }

    private void run() {
        ByteBuffer scratch = ByteBuffer.allocateDirect(16 * 1024);
        while (running) {
            try {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        ready(key, scratch);
                    } catch (CancelledKeyException closed) {
                        // its connection was closed meanwhile by the thread that answered on it: nothing left to do
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "The waiting requests' listener met a failure; it goes on", e);
                }
            }
        }
    }

    private void ready(SelectionKey key, ByteBuffer scratch) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptAll();
            return;
        }
        StreamsConnection connection = (StreamsConnection) key.attachment();
        if (key.isWritable()) {
            connection.writable();
        }
        if (key.isValid() && key.isReadable()) {
            connection.readable(scratch);
        }
    }

    private void acceptAll() throws IOException {
        for (SocketChannel channel = server.accept(); channel != null; channel = server.accept()) {
            try {
                guard.admit(channel);
                // booked without the guard's deadline: this listener keeps its own, and closes its connections itself
                guard.headRead(channel.getRemoteAddress());
            } catch (ConnectionGuard.RefusedException | IOException e) {
                channel.close();
                continue;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            StreamsConnection connection = new StreamsConnection(this, channel);
            open.add(connection);
            connection.registered(channel.register(selector, SelectionKey.OP_READ, connection),
                    headDeadline(connection, limits.headTimeout()));
        }
    }

    void closed(StreamsConnection connection) {
        open.remove(connection);
    }

    /** After an answer: closes the connection unless its next request's head has come within the idle allowance. */
    ScheduledFuture<?> idleDeadline(StreamsConnection connection) {
        return headDeadline(connection, limits.idleTimeout());
    }

    private ScheduledFuture<?> headDeadline(StreamsConnection connection, Duration timeout) {
        if (timeout.isZero()) {
            return null;
        }
        return timer.schedule(connection::headTimedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A request's head has arrived, {@code bytes[0..end)}: answered on a virtual thread of its own. */
    void handle(StreamsConnection connection, byte[] bytes, int end) {
        Thread.ofVirtual().start(() -> routes.handle(connection, bytes, end));
    }

    /** Answers a request that cannot be read with an error, then closes the connection. */
    void refuse(StreamsConnection connection, int status, String message) {
        Thread.ofVirtual().start(() -> routes.refuse(connection, status, message));
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
            server.close();
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not close the waiting requests' listener", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(StreamsConnection::close);
        timer.shutdownNow();
    }
}
