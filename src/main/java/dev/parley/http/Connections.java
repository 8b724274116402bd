package dev.parley.http;

import dev.parley.config.FileDescriptors;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's connection guard and the background sweep that closes connections whose request head takes too long.
 * Thread-safe.
 */
public final class Connections implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    private final ConnectionGuard guard;
    private final int max;
    private final int maxPerAddress;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("parley-connection-sweeper").factory());

    /** @param maxPerAddress 0 for no cap per client address */
    public Connections(int max, int maxPerAddress, Duration headTimeout, Duration readTimeout) {
        this.guard = new ConnectionGuard(max, maxPerAddress, headTimeout, readTimeout);
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    public ConnectionGuard guard() {
        return guard;
    }

    /** Logs the connection limits against the descriptor limit, and starts closing heads that take too long. */
    public void startSweeping() {
        OptionalLong descriptors = FileDescriptors.limit();
        String limit = descriptors.isPresent() ? String.valueOf(descriptors.getAsLong()) : "unknown";
        LOG.log(System.Logger.Level.INFO, "Accepting at most " + max + " connections ("
                + (maxPerAddress == 0 ? "any number" : maxPerAddress) + " per client address); the process may open "
                + limit + " files and sockets");
        if (!FileDescriptors.leavesReserve(max, descriptors)) {
            LOG.log(System.Logger.Level.WARNING, "PARLEY_MAX_CONNECTIONS " + max + " leaves too few of the " + limit
                    + " file descriptors for the database, webhooks and files; raise the limit (ulimit -n,"
                    + " LimitNOFILE) or lower PARLEY_MAX_CONNECTIONS");
        }
        long period = guard.period().toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    private void sweep() {
        try {
            guard.sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not sweep the connections", e);
        }
    }

    /** Stops sweeping. */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
