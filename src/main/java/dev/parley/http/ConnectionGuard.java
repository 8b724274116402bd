package dev.parley.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The connections the server holds: how many it admits (in all and per client address), and how long a client may
 * take to send a request's line and headers. Closed connections leave the books when a sweep or an admission finds
 * their channel closed, so no count depends on being told about a close and none can leak.
 *
 * <p>The head deadline runs from the connection's start for its first request; for a later request on a keep-alive
 * connection, from its request line (and until then the idle allowance, the read timeout, bounds the wait). A request
 * being handled has no deadline: a long poll or an event stream reads nothing while it waits.
 *
 * <p>Thread-safe: admissions come from the listener thread, marks from connection threads, sweeps from a timer.
 */
public final class ConnectionGuard {

    /** Why a connection was closed as soon as it was accepted. */
    public enum Refusal {
        /** {@code PARLEY_MAX_CONNECTIONS} were open. */
        LIMIT,
        /** The client's address held {@code PARLEY_MAX_CONNECTIONS_PER_ADDRESS} of them. */
        PER_ADDRESS,
        /** The process had no file descriptor left: keeping it would leave none for the next accept. */
        DESCRIPTORS
    }

    /** Thrown by {@link #admit}: the server closes the connection at once. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(Refusal reason) {
            super("connection refused: " + reason, null, false, false);
        }
    }

    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /**
     * At a limit, closed connections are looked for on every admission while that finds some, else at most this
     * often: a look is a pass over all of them, which a flood of connections at the limit must not repeat each time.
     */
    private static final long PRUNE_EVERY_NANOS = Duration.ofMillis(1).toNanos();
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final Path DEV_NULL = Path.of("/dev/null");

    /** One open connection; {@code deadline} is a {@link System#nanoTime()} value, or none. */
    private static final class Connection {
        private final SocketChannel channel;
        private final InetAddress address;
        private volatile long deadline;

        Connection(SocketChannel channel, InetAddress address, long deadline) {
            this.channel = channel;
            this.address = address;
            this.deadline = deadline;
        }
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final long headNanos;
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private final BooleanSupplier descriptorFree;
    private final Map<SocketAddress, Connection> open = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final Map<Refusal, AtomicLong> refused = new EnumMap<>(Refusal.class);
    private final AtomicLong headTimeouts = new AtomicLong();
    /** Guarded by {@code this}. */
    private long lastPrune;
    /** Guarded by {@code this}. */
    private boolean lastPruneDropped;
    /** Guarded by {@code this}. */
    private long lastWarning;

    /**
     * @param maxPerAddress 0 for no cap per address
     * @param headTimeout zero for no deadline on a request's line and headers
     * @param idleTimeout how long a keep-alive connection may wait for its next request line; zero for no limit
     */
    public ConnectionGuard(int maxConnections, int maxPerAddress, Duration headTimeout, Duration idleTimeout) {
        this(maxConnections, maxPerAddress, headTimeout, idleTimeout, System::nanoTime,
                Files.isReadable(DEV_NULL) ? ConnectionGuard::spareDescriptor : () -> true);
    }

    ConnectionGuard(int maxConnections, int maxPerAddress, Duration headTimeout, Duration idleTimeout,
            LongSupplier nanoTime, BooleanSupplier descriptorFree) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.headNanos = headTimeout.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.nanoTime = nanoTime;
        this.descriptorFree = descriptorFree;
        this.lastPrune = nanoTime.getAsLong() - PRUNE_EVERY_NANOS;
        this.lastWarning = nanoTime.getAsLong() - WARN_EVERY_NANOS;
        for (Refusal reason : Refusal.values()) {
            refused.put(reason, new AtomicLong());
        }
    }

    /** Books a connection just accepted, or throws {@link RefusedException} when it must be closed at once. */
    public synchronized void admit(SocketChannel channel) {
        SocketAddress remote = remoteAddress(channel);
        InetAddress address = ((InetSocketAddress) remote).getAddress();
        if (open.size() >= maxConnections || atCap(address)) {
            pruneClosed();
        }
        if (open.size() >= maxConnections) {
            throw refuse(Refusal.LIMIT);
        }
        if (atCap(address)) {
            throw refuse(Refusal.PER_ADDRESS);
        }
        if (!descriptorFree.getAsBoolean()) {
            throw refuse(Refusal.DESCRIPTORS);
        }
        Connection stale = open.get(remote);
        if (stale != null) {
            drop(remote, stale);
        }
        open.put(remote, new Connection(channel, address, after(headNanos)));
        perAddress.merge(address, 1, Integer::sum);
    }

    /** A request line arrived: the rest of its head is due within the head timeout. */
    public void requestLineRead(SocketAddress remote) {
        Connection connection = open.get(remote);
        if (connection != null) {
            connection.deadline = Math.min(connection.deadline, after(headNanos));
        }
    }

    /** A request's head is complete: no deadline while it is handled. */
    public void headRead(SocketAddress remote) {
        Connection connection = open.get(remote);
        if (connection != null) {
            connection.deadline = NO_DEADLINE;
        }
    }

    /** A request was answered: the connection may wait for its next request line as long as an idle one may. */
    public void responded(SocketAddress remote) {
        Connection connection = open.get(remote);
        if (connection != null) {
            connection.deadline = after(idleNanos);
        }
    }

    /** Closes the connections past their deadline and forgets the closed ones; run it often (see {@link #period}). */
    public void sweep() {
        long now = nanoTime.getAsLong();
        open.forEach((remote, connection) -> {
            long deadline = connection.deadline;
            if (deadline != NO_DEADLINE && now - deadline > 0 && connection.channel.isOpen()) {
                close(connection);
                headTimeouts.incrementAndGet();
            }
            if (!connection.channel.isOpen()) {
                drop(remote, connection);
            }
        });
    }

    /** How often to {@link #sweep}: a quarter of the shortest deadline, between 10 ms and 1 s. */
    public Duration period() {
        long shortest = Math.min(headNanos == 0 ? Long.MAX_VALUE : headNanos, idleNanos == 0 ? Long.MAX_VALUE : idleNanos);
        return Duration.ofNanos(Math.clamp(shortest / 4, Duration.ofMillis(10).toNanos(), Duration.ofSeconds(1).toNanos()));
    }

    /** Connections open now. */
    public long open() {
        return open.values().stream().filter(connection -> connection.channel.isOpen()).count();
    }

    public long refused(Refusal reason) {
        return refused.get(reason).get();
    }

    /** Connections closed because a request's line and headers did not arrive in time. */
    public long headTimeouts() {
        return headTimeouts.get();
    }

    private boolean atCap(InetAddress address) {
        return maxPerAddress > 0 && perAddress.getOrDefault(address, 0) >= maxPerAddress;
    }

    private synchronized void pruneClosed() {
        long now = nanoTime.getAsLong();
        if (!lastPruneDropped && now - lastPrune < PRUNE_EVERY_NANOS) {
            return;
        }
        lastPrune = now;
        int before = open.size();
        open.forEach((remote, connection) -> {
            if (!connection.channel.isOpen()) {
                drop(remote, connection);
            }
        });
        lastPruneDropped = open.size() < before;
    }

    /** Takes a connection off the books, once: the map's remove decides which caller does it. */
    private synchronized void drop(SocketAddress remote, Connection connection) {
        if (open.remove(remote, connection)) {
            perAddress.computeIfPresent(connection.address, (address, count) -> count == 1 ? null : count - 1);
        }
    }

    private RefusedException refuse(Refusal reason) {
        refused.get(reason).incrementAndGet();
        long now = nanoTime.getAsLong();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            LOG.log(System.Logger.Level.WARNING, "Closing new connections at once (" + reason + "): "
                    + open.size() + " open; refused so far: " + refused);
        }
        return new RefusedException(reason);
    }

    private long after(long nanos) {
        return nanos == 0 ? NO_DEADLINE : nanoTime.getAsLong() + nanos;
    }

    private static SocketAddress remoteAddress(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.channel.close();
        } catch (IOException e) {
            // closing is all that was wanted; a failure leaves nothing to do
        }
    }

    /**
     * Whether one more file can be opened now. Helidon's listener ends for good when an accept fails, so a connection
     * that took the last descriptor is closed again, leaving one for the next accept.
     */
    private static boolean spareDescriptor() {
        try (FileChannel probe = FileChannel.open(DEV_NULL)) {
            return probe.isOpen();
        } catch (IOException e) {
            return false;
        }
    }
}
