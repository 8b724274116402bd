package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {

    private static final List<String> METADATA = List.of("169.254.169.254", "169.254.0.1", "169.254.170.2",
            "100.100.100.200", "fe80::1", "fe80::a9fe:a9fe", "febf::1", "fd00:ec2::254", "::ffff:169.254.169.254",
            "::169.254.169.254", "64:ff9b::169.254.169.254", "::ffff:100.100.100.200",
            "192.0.0.192", "2002:c000:00c0::1", "64:ff9b:1::c000:c0", "2002:a9fe:a9fe::", "64:ff9b:1:a9fe:a9:fe00::");
    private static final List<String> PRIVATE = List.of("127.0.0.1", "127.255.255.254", "::1", "10.0.0.1",
            "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fc00::1", "fd12:3456::1", "100.64.0.1",
            "100.127.255.255", "0.0.0.0", "0.1.2.3", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1",
            "64:ff9b::10.0.0.1", "224.0.0.1", "ff02::1", "255.255.255.255", "fec0::1",
            "192.0.0.1", "192.0.0.170", "198.18.0.1", "198.19.255.255", "2002:7f00:1::", "2002:a00:1::1",
            "64:ff9b:1::a00:1", "64:ff9b:1:7f00:0:100::", "64:ff9b:1::c612:1");
    private static final List<String> PUBLIC = List.of("8.8.8.8", "93.184.216.34", "1.1.1.1", "172.15.255.255",
            "172.32.0.1", "192.169.0.1", "100.63.255.255", "100.128.0.1", "169.253.255.255", "169.255.0.1",
            "11.0.0.1", "2001:4860:4860::8888", "2606:4700::1111", "fe7f::1", "fbff::1", "64:ff9b::8.8.8.8",
            "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b:1::808:808", "64:ff9b:1:808:8:800::", "192.0.1.1",
            "198.17.255.255", "198.20.0.1");

    private final OutboundPolicy strict = new OutboundPolicy(false);
    private final OutboundPolicy lenient = new OutboundPolicy(true);

    @Test
    void linkLocalAndMetadataAddressesAreRefusedEvenWhenPrivateOnesAreAllowed() throws UnknownHostException {
        for (String address : METADATA) {
            assertThat(lenient.refusal(InetAddress.getByName(address))).as(address).isPresent();
            assertThat(strict.refusal(InetAddress.getByName(address))).as(address).isPresent();
        }
        assertThat(lenient.refusal(InetAddress.getByName("169.254.169.254")).orElseThrow())
                .isEqualTo("169.254.169.254 is a link-local (cloud metadata) address, never called");
    }

    @Test
    void privateAddressesAreRefusedOnlyWhenNotAllowed() throws UnknownHostException {
        for (String address : PRIVATE) {
            assertThat(strict.refusal(InetAddress.getByName(address))).as(address).isPresent();
            assertThat(lenient.refusal(InetAddress.getByName(address))).as(address).isEmpty();
        }
        assertThat(strict.refusal(InetAddress.getByName("127.0.0.1")).orElseThrow())
                .isEqualTo("127.0.0.1 is a loopback address, refused while PARLEY_HTTP_ALLOW_PRIVATE is false");
    }

    @Test
    void publicAddressesAreAllowed() throws UnknownHostException {
        for (String address : PUBLIC) {
            assertThat(strict.refusal(InetAddress.getByName(address))).as(address).isEmpty();
        }
    }

    @Test
    void savedUrlsAreJudgedByTheirLiteralAddressInEveryFormTheJdkParses() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://2130706433/", "http://127.000.000.001/",
                "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://[::]/", "https://10.1.2.3/")) {
            assertThat(strict.problem(URI.create(url))).as(url).isPresent();
            assertThat(lenient.problem(URI.create(url))).as(url).isEmpty();
        }
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
                "http://100.100.100.200/", "http://[::ffff:a9fe:a9fe]/", "http://2852039166/", "http://[fe80::1]/")) {
            assertThat(lenient.problem(URI.create(url))).as(url).isPresent();
        }
    }

    @Test
    void savedUrlsWithAHostNameWaitForTheCallToBeJudged() {
        assertThat(strict.problem(URI.create("http://localhost:8080/"))).isEmpty();
        assertThat(strict.problem(URI.create("https://hooks.example.com/x"))).isEmpty();
    }

    @Test
    void urlsThatAreNotHttpOrHaveNoHostAreRefused() {
        assertThat(lenient.problem(URI.create("file:///etc/passwd"))).contains("only http and https URLs are allowed");
        assertThat(lenient.problem(URI.create("ftp://example.com/"))).contains("only http and https URLs are allowed");
        // Neither 0x7f.1 nor 127.1 is a host to java.net.URI, so the HTTP client could not call them either.
        assertThat(lenient.problem(URI.create("http://0x7f.1/"))).contains("the URL has no host");
        assertThat(lenient.problem(URI.create("http://127.1/"))).contains("the URL has no host");
    }

    @Test
    void ambiguousNumericHostsAreNotValidAddresses() {
        assertThat(lenient.problem(URI.create("http://017700000001/"))).contains("017700000001 is not a valid IP address");
    }

    @Test
    void aCallIsRefusedWhenAnyAddressTheHostResolvesToIsRefused() {
        OutboundPolicy mixedDns = new OutboundPolicy(false, host -> new InetAddress[] {
            InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3")});

        assertThatThrownBy(() -> mixedDns.clear(URI.create("https://internal.example/x"), Duration.ofSeconds(1)))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessage("internal.example: 10.1.2.3 is a private address, refused while PARLEY_HTTP_ALLOW_PRIVATE is false");
    }

    @Test
    void aCallToLiteralFormsOfLoopbackIsRefusedWhenStrict() {
        for (String url : List.of("http://127.0.0.1:1/", "http://2130706433/", "http://[::ffff:127.0.0.1]/")) {
            assertThatThrownBy(() -> strict.clear(URI.create(url), Duration.ofSeconds(1))).as(url)
                    .isInstanceOf(RefusedAddressException.class).hasMessageContaining("loopback");
        }
    }

    @Test
    void aCallToAPublicAddressGuardsItsNameUntilTheDeadlinePassed() throws Exception {
        String host = "guarded-" + System.nanoTime() + ".example";
        OutboundPolicy publicDns = new OutboundPolicy(false, name -> new InetAddress[] {InetAddress.getByName("8.8.8.8")});

        publicDns.clear(URI.create("https://" + host + "/"), Duration.ofSeconds(1));

        assertThat(GuardingResolverProvider.GUARDS.policyFor(host)).contains(OutboundPolicy.STRICT);
        assertThat(GuardingResolverProvider.GUARDS.policyFor("other.example")).isEqualTo(Optional.empty());
    }

    @Test
    void anUnknownHostIsAnOrdinaryFailureNotARefusal() {
        OutboundPolicy noDns = new OutboundPolicy(false, host -> {
            throw new UnknownHostException(host);
        });

        assertThatThrownBy(() -> noDns.clear(URI.create("https://nowhere.example/"), Duration.ofSeconds(1)))
                .isInstanceOf(UnknownHostException.class);
    }
}
