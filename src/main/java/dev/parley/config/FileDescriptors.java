package dev.parley.config;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * The process's limit on open files and sockets ({@code ulimit -n}), and the connection limit that leaves room under
 * it for everything else the server opens: the database pool, outbound webhook and {@code http} block calls, jar
 * and log files.
 */
public final class FileDescriptors {

    /** The connection limit when descriptors are plentiful: what one node is tested with (docs/BENCHMARKS.md). */
    static final int MAX_CONNECTIONS = 10_000;
    /** Descriptors kept for everything but incoming connections: at least this many, and a fifth of the limit. */
    static final int MIN_RESERVE = 256;

    private FileDescriptors() {
    }

    /** The limit, read now; empty where the JVM cannot tell (not a Unix). */
    public static OptionalLong limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? OptionalLong.of(unix.getMaxFileDescriptorCount())
                : OptionalLong.empty();
    }

    /** The default for {@code PARLEY_MAX_CONNECTIONS}: 10,000, or the limit less the reserve if that is lower. */
    static int defaultMaxConnections(OptionalLong limit) {
        if (limit.isEmpty()) {
            return MAX_CONNECTIONS;
        }
        return (int) Math.clamp(limit.getAsLong() - reserve(limit.getAsLong()), 16, MAX_CONNECTIONS);
    }

    /** Whether {@code maxConnections} leaves the reserve free under {@code limit}. */
    public static boolean leavesReserve(int maxConnections, OptionalLong limit) {
        return limit.isEmpty() || maxConnections <= limit.getAsLong() - reserve(limit.getAsLong());
    }

    private static long reserve(long limit) {
        return Math.max(MIN_RESERVE, limit / 5);
    }
}
