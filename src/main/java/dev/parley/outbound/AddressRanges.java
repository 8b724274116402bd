package dev.parley.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges outbound calls may not reach. {@link #METADATA} are refused always: link-local addresses and the
 * cloud metadata services, which hand out the machine's credentials. {@link #PRIVATE} are refused unless private
 * targets are allowed. IPv6 addresses that embed an IPv4 address (IPv4-compatible and NAT64) are judged by the IPv4
 * address; IPv4-mapped ones already arrive as IPv4 from the JDK. Immutable.
 */
final class AddressRanges {

    /** A CIDR block and what to call an address inside it. */
    private record Range(byte[] prefix, int bits, String kind) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final AddressRanges METADATA = new AddressRanges(List.of(
            range("169.254.0.0", 16, "a link-local (cloud metadata) address"),
            range("100.100.100.200", 32, "a cloud metadata address"),
            range("fe80::", 10, "a link-local address"),
            range("fd00:ec2::254", 128, "a cloud metadata address")));

    static final AddressRanges PRIVATE = new AddressRanges(List.of(
            range("0.0.0.0", 8, "an unspecified address"),
            range("127.0.0.0", 8, "a loopback address"),
            range("10.0.0.0", 8, "a private address"),
            range("172.16.0.0", 12, "a private address"),
            range("192.168.0.0", 16, "a private address"),
            range("100.64.0.0", 10, "a shared (CGNAT) address"),
            range("224.0.0.0", 4, "a multicast address"),
            range("240.0.0.0", 4, "a reserved address"),
            range("::", 128, "an unspecified address"),
            range("::1", 128, "a loopback address"),
            range("fc00::", 7, "a unique local (private) address"),
            range("fec0::", 10, "a site-local address"),
            range("ff00::", 8, "a multicast address")));

    private static final Range IPV4_COMPATIBLE = range("::", 96, "");
    private static final Range NAT64 = range("64:ff9b::", 96, "");

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** What kind of address this is when it falls in one of the ranges, such as "a loopback address". */
    Optional<String> kindOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return Optional.of(range.kind());
            }
        }
        return embeddedIpv4(address).flatMap(this::kindOf);
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (!(address instanceof Inet6Address) || !(IPV4_COMPATIBLE.contains(bytes) || NAT64.contains(bytes))) {
            return Optional.empty();
        }
        byte[] last = {bytes[12], bytes[13], bytes[14], bytes[15]};
        if (IPV4_COMPATIBLE.contains(bytes) && (last[0] | last[1] | last[2]) == 0 && (last[3] & 0xfe) == 0) {
            return Optional.empty(); // :: and ::1 themselves, already in the table
        }
        return Optional.of(v4(last));
    }

    private static Inet4Address v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    private static Range range(String literal, int bits, String kind) {
        try {
            // Literals only: getByName parses them without a lookup.
            return new Range(InetAddress.getByName(literal).getAddress(), bits, kind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad range literal " + literal, e);
        }
    }
}
