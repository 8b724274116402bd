package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GuardedNamesTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final GuardedNames guards = new GuardedNames(now::get);

    @Test
    void aNameIsGuardedUntilItsLeaseEnds() {
        guards.guard("Hooks.Example", OutboundPolicy.STRICT, Duration.ofNanos(50));

        assertThat(guards.policyFor("hooks.example")).contains(OutboundPolicy.STRICT);
        now.addAndGet(49);
        assertThat(guards.policyFor("HOOKS.example")).contains(OutboundPolicy.STRICT);
        now.addAndGet(1);
        assertThat(guards.policyFor("hooks.example")).isEmpty();
    }

    @Test
    void theStrictestPolicyHoldingANameApplies() {
        guards.guard("hooks.example", OutboundPolicy.LENIENT, Duration.ofNanos(100));
        guards.guard("hooks.example", OutboundPolicy.STRICT, Duration.ofNanos(10));

        assertThat(guards.policyFor("hooks.example")).contains(OutboundPolicy.STRICT);
        now.addAndGet(10);
        assertThat(guards.policyFor("hooks.example")).contains(OutboundPolicy.LENIENT);
    }

    @Test
    void aReboundAnswerKeepsOnlyTheAddressesThePolicyAllows() throws UnknownHostException {
        List<InetAddress> answer = List.of(InetAddress.getByName("169.254.169.254"), InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("93.184.216.34"));

        assertThat(GuardedNames.filter("evil.example", answer, OutboundPolicy.STRICT))
                .containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(GuardedNames.filter("evil.example", answer, OutboundPolicy.LENIENT))
                .containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("93.184.216.34"));
    }

    @Test
    void aReboundAnswerWithNothingAllowedIsAnUnknownHost() throws UnknownHostException {
        List<InetAddress> answer = List.of(InetAddress.getByName("169.254.169.254"));

        assertThatThrownBy(() -> GuardedNames.filter("evil.example", answer, OutboundPolicy.LENIENT))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("evil.example: refused, 169.254.169.254 is a link-local (cloud metadata) address");
    }

    @Test
    void aNameReboundAfterTheCheckIsFilteredAtTheClientsLookup() throws Exception {
        InetAddressResolver rebinding = new InetAddressResolver() {
            private final AtomicLong lookups = new AtomicLong();

            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                return Stream.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1"));
            }

            @Override
            public String lookupByAddress(byte[] address) {
                throw new UnsupportedOperationException();
            }
        };
        InetAddressResolver resolver = new GuardingResolverProvider.Filtering(rebinding, guards);
        OutboundPolicy strict = new OutboundPolicy(false, host -> resolver.lookupByName(host, null)
                .toArray(InetAddress[]::new));

        strict.clear(URI.create("http://rebind.example/"), Duration.ofSeconds(5), guards);

        assertThatThrownBy(() -> resolver.lookupByName("rebind.example", null))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("127.0.0.1 is a loopback address");
        assertThat(resolver.lookupByName("unguarded.example", null)).containsExactly(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void theJvmResolvesNamesThroughTheGuard() throws UnknownHostException {
        InetAddress.getAllByName("localhost");

        assertThat(GuardingResolverProvider.installed()).isTrue();
    }

    @Test
    void aResolverOtherThanTheGuardIsReportedAsRebindingProtectionOff() {
        assertThat(GuardingResolverProvider.missing(() -> false)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("not protected against DNS rebinding").contains("jdk.net.hosts.file"));
        assertThat(GuardingResolverProvider.missing(GuardingResolverProvider::installed)).isEmpty();
    }
}
