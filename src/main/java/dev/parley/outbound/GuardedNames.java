package dev.parley.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The host names outbound calls are using right now, each with the strictest policy that applies to it and until
 * when. While a name is guarded, {@link #filter} drops the addresses that policy refuses from every answer for it, so
 * a DNS answer that changes after the check cannot lead the connection elsewhere. A guard is a lease rather than a
 * lock: it outlives the call by a grace period, so a lookup the HTTP client makes late (after a timeout, say) is
 * still filtered. Thread-safe.
 */
final class GuardedNames {

    /** Guards that ended are swept once this many names are held. */
    private static final int SWEEP_ABOVE = 1024;

    /** Until when (in {@code nanos} time) the name is guarded strictly, and at all. */
    private record Lease(long strictUntil, long anyUntil) {
        Lease longest(Lease other) {
            return new Lease(later(strictUntil, other.strictUntil), later(anyUntil, other.anyUntil));
        }

        private static long later(long a, long b) {
            return a - b > 0 ? a : b;
        }
    }

    private final LongSupplier nanos;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    GuardedNames(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Guards {@code host} under {@code policy} for {@code duration} from now. */
    void guard(String host, OutboundPolicy policy, Duration duration) {
        long now = nanos.getAsLong();
        long until = now + duration.toNanos();
        Lease lease = new Lease(policy.allowsPrivate() ? now : until, until);
        leases.merge(key(host), lease, Lease::longest);
        if (leases.size() > SWEEP_ABOVE) {
            leases.values().removeIf(held -> held.anyUntil() - now <= 0);
        }
    }

    /** The policy guarding {@code host} now, if any: the strict one while any call holds it strictly. */
    Optional<OutboundPolicy> policyFor(String host) {
        Lease lease = leases.get(key(host));
        long now = nanos.getAsLong();
        if (lease == null || lease.anyUntil() - now <= 0) {
            return Optional.empty();
        }
        return Optional.of(lease.strictUntil() - now > 0 ? OutboundPolicy.STRICT : OutboundPolicy.LENIENT);
    }

    /** The addresses of {@code answer} that {@code policy} allows; none allowed is an unknown host. */
    static List<InetAddress> filter(String host, List<InetAddress> answer, OutboundPolicy policy)
            throws UnknownHostException {
        List<InetAddress> allowed = answer.stream().filter(address -> policy.refusal(address).isEmpty()).toList();
        if (allowed.isEmpty() && !answer.isEmpty()) {
            throw new UnknownHostException(host + ": refused, " + policy.refusal(answer.getFirst()).orElseThrow());
        }
        return allowed;
    }

    private static String key(String host) {
        return host.toLowerCase(Locale.ROOT);
    }
}
