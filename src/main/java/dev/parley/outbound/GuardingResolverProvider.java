package dev.parley.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Installs the JVM's name resolver (through {@code META-INF/services}): the built-in resolver, whose answers for the
 * names outbound calls are using are filtered by {@link GuardedNames}. Every other lookup (the database's host, say)
 * passes through untouched; only a name that is both (a webhook pointed at the database's host) sees filtered
 * answers while such a call holds it, as the policy refuses that call anyway. The guards are static because the JVM
 * has one resolver, found by the service loader; it is not installed when {@code jdk.net.hosts.file} is set or another
 * resolver provider comes first on the class path, and {@link #installed()} then stays false, which
 * {@link OutboundPolicy} reports as a warning. Thread-safe.
 */
public final class GuardingResolverProvider extends InetAddressResolverProvider {

    static final GuardedNames GUARDS = new GuardedNames(System::nanoTime);
    private static volatile boolean installed;

    @Override
    public InetAddressResolver get(Configuration configuration) {
        installed = true;
        return new Filtering(configuration.builtinResolver(), GUARDS);
    }

    @Override
    public String name() {
        return "parley-outbound-guard";
    }

    /** True once the JVM resolves names through this provider. */
    static boolean installed() {
        return installed;
    }

    /**
     * Why the JVM's lookups are not guarded, or empty when they are. The JVM picks its resolver at its first lookup of a
     * name, so one is made here when none has installed this provider yet.
     */
    static Optional<String> missing(BooleanSupplier installed) {
        if (!installed.getAsBoolean()) {
            try {
                InetAddress.getAllByName("localhost");
            } catch (UnknownHostException e) {
                // the resolver is chosen before it answers, so even a failed lookup has settled which one it is
            }
        }
        return installed.getAsBoolean() ? Optional.empty() : Optional.of("Outbound calls are not protected against DNS"
                + " rebinding: the JVM does not resolve names through the parley-outbound-guard resolver (is"
                + " jdk.net.hosts.file set, or does another InetAddressResolverProvider come first on the class path?)");
    }

    /** The built-in resolver with the guarded names' answers filtered. */
    record Filtering(InetAddressResolver builtin, GuardedNames guards) implements InetAddressResolver {

        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
            // Decided before the lookup, so a guard that ends while DNS answers still applies to the answer.
            Optional<OutboundPolicy> guard = guards.policyFor(host);
            List<InetAddress> answer = builtin.lookupByName(host, lookupPolicy).toList();
            return (guard.isPresent() ? GuardedNames.filter(host, answer, guard.get()) : answer).stream();
        }

        @Override
        public String lookupByAddress(byte[] address) throws UnknownHostException {
            return builtin.lookupByAddress(address);
        }
    }
}
