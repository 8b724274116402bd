package dev.parley.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides which URLs the server may call: http and https only, never a link-local or cloud metadata address, and no
 * loopback, private, shared, multicast or unspecified address unless private targets are allowed
 * ({@code PARLEY_HTTP_ALLOW_PRIVATE}). {@link #problem(URI)} checks a URL when it is saved, without DNS: only an IP
 * literal can be judged then. {@link #clear(URI, Duration)} checks it before each call, resolving the host the way
 * the HTTP client will, and guards the name for the call so that the client's own lookup can only answer addresses
 * that pass. The first call also checks that the JVM resolves names through {@link GuardingResolverProvider}, and
 * warns once when it does not: rebinding protection is then off. Thread-safe.
 */
public final class OutboundPolicy {

    /** The policy with private targets refused, and with them allowed (metadata refused in both). */
    static final OutboundPolicy STRICT = new OutboundPolicy(false);
    static final OutboundPolicy LENIENT = new OutboundPolicy(true);

    private static final System.Logger LOG = System.getLogger(OutboundPolicy.class.getName());

    /** How long a name stays guarded after its call's deadline, for lookups the client makes late. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** Resolves a host to all its addresses, parsing literals the way the JDK does; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;
    private final AtomicBoolean guardChecked = new AtomicBoolean();

    public OutboundPolicy(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    public OutboundPolicy(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Why the server may not connect to {@code address}, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        Optional<String> metadata = AddressRanges.METADATA.kindOf(address);
        if (metadata.isPresent()) {
            return Optional.of(address.getHostAddress() + " is " + metadata.get() + ", never called");
        }
        return allowPrivate ? Optional.empty() : AddressRanges.PRIVATE.kindOf(address).map(kind ->
                address.getHostAddress() + " is " + kind + ", refused while PARLEY_HTTP_ALLOW_PRIVATE is false");
    }

    /**
     * What is wrong with calling {@code url}, judged without DNS (for a URL being saved): a scheme other than http or
     * https, no host, or a host that is an IP literal the policy refuses. A host name is checked at call time.
     */
    public Optional<String> problem(URI url) {
        Optional<String> shape = shapeProblem(url);
        if (shape.isPresent() || !isLiteral(url.getHost())) {
            return shape;
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(url.getHost())).map(this::refusal).flatMap(Optional::stream)
                    .findFirst();
        } catch (UnknownHostException e) {
            return Optional.of(url.getHost() + " is not a valid IP address");
        }
    }

    /**
     * Checks {@code url} just before calling it: resolves its host (a literal is parsed, as the client will), refuses
     * it when any address is refused, and otherwise guards the name for {@code timeout} plus a grace period.
     *
     * @throws RefusedAddressException when the policy refuses the URL
     * @throws UnknownHostException when the host does not resolve
     */
    public void clear(URI url, Duration timeout) throws RefusedAddressException, UnknownHostException {
        if (guardChecked.compareAndSet(false, true)) {
            GuardingResolverProvider.missing(GuardingResolverProvider::installed)
                    .ifPresent(problem -> LOG.log(System.Logger.Level.WARNING, problem));
        }
        clear(url, timeout, GuardingResolverProvider.GUARDS);
    }

    void clear(URI url, Duration timeout, GuardedNames guards) throws RefusedAddressException, UnknownHostException {
        Optional<String> shape = shapeProblem(url);
        if (shape.isPresent()) {
            throw new RefusedAddressException(shape.get());
        }
        String host = url.getHost();
        for (InetAddress address : resolver.resolve(host)) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                throw new RefusedAddressException(isLiteral(host) ? refusal.get() : host + ": " + refusal.get());
            }
        }
        guards.guard(host, this, timeout.plus(GRACE));
    }

    private static Optional<String> shapeProblem(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of("the URL has no host");
        }
        return Optional.empty();
    }

    /**
     * True for the hosts the JDK reads as an address rather than a name: an IPv6 literal in brackets, or digits and
     * dots (which the URI parser only lets through as IPv4 in one of the JDK's forms, such as 2130706433).
     */
    static boolean isLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
