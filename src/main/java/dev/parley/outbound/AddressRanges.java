package dev.parley.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges outbound calls may not reach. {@link #METADATA} are refused always: link-local addresses and the
 * cloud metadata services, which hand out the machine's credentials. {@link #PRIVATE} are refused unless private
 * targets are allowed. IPv6 addresses that embed an IPv4 address (IPv4-compatible, NAT64 well-known and local-use,
 * 6to4) are judged by the IPv4 address; IPv4-mapped ones already arrive as IPv4 from the JDK. Immutable.
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
            range("192.0.0.192", 32, "a cloud metadata address"), // Oracle Cloud's legacy metadata service
            range("fe80::", 10, "a link-local address"),
            range("fd00:ec2::254", 128, "a cloud metadata address")));

    static final AddressRanges PRIVATE = new AddressRanges(List.of(
            range("0.0.0.0", 8, "an unspecified address"),
            range("127.0.0.0", 8, "a loopback address"),
            range("10.0.0.0", 8, "a private address"),
            range("172.16.0.0", 12, "a private address"),
            range("192.168.0.0", 16, "a private address"),
            range("100.64.0.0", 10, "a shared (CGNAT) address"),
            range("192.0.0.0", 24, "a reserved (IETF protocol) address"),
            range("198.18.0.0", 15, "a benchmarking address"),
            range("224.0.0.0", 4, "a multicast address"),
            range("240.0.0.0", 4, "a reserved address"),
            range("::", 128, "an unspecified address"),
            range("::1", 128, "a loopback address"),
            range("fc00::", 7, "a unique local (private) address"),
            range("fec0::", 10, "a site-local address"),
            range("ff00::", 8, "a multicast address")));

    private static final Range IPV4_COMPATIBLE = range("::", 96, "");
    private static final Range NAT64 = range("64:ff9b::", 96, "");
    private static final Range LOCAL_NAT64 = range("64:ff9b:1::", 48, "");
    private static final Range SIX_TO_FOUR = range("2002::", 16, "");
    /**
     * Where RFC 6052 puts the IPv4 address for the prefix lengths 48, 56 and 64 that a local-use NAT64 prefix may have
     * besides 96: the network's choice is unknown here, so every layout the address fits (byte 8 and the suffix after
     * the IPv4 address zero) is judged, as well as the usual /96 one. A reading in 0.0.0.0/8 is dropped: no translator
     * forwards there, and the zero bytes of one layout read as such in another.
     */
    private static final int[][] LOCAL_NAT64_LAYOUTS = {{6, 7, 9, 10}, {7, 9, 10, 11}, {9, 10, 11, 12}};

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
        for (InetAddress embedded : embeddedIpv4(address)) {
            Optional<String> kind = kindOf(embedded);
            if (kind.isPresent()) {
                return kind;
            }
        }
        return Optional.empty();
    }

    /** The IPv4 addresses an IPv6 address may stand for; empty for an IPv4 address or a plain IPv6 one. */
    private static List<InetAddress> embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (!(address instanceof Inet6Address)) {
            return List.of();
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return List.of(at(bytes, 2, 3, 4, 5));
        }
        if (LOCAL_NAT64.contains(bytes)) {
            List<InetAddress> candidates = new ArrayList<>(List.of(at(bytes, 12, 13, 14, 15)));
            for (int[] layout : LOCAL_NAT64_LAYOUTS) {
                if (bytes[8] == 0 && zeroFrom(bytes, layout[3] + 1)) {
                    candidates.add(at(bytes, layout));
                }
            }
            return candidates.stream().filter(v4 -> v4.getAddress()[0] != 0).toList();
        }
        if (NAT64.contains(bytes)) {
            return List.of(at(bytes, 12, 13, 14, 15));
        }
        boolean unspecifiedOrLoopback = (bytes[12] | bytes[13] | bytes[14]) == 0 && (bytes[15] & 0xfe) == 0;
        // but not :: and ::1 themselves, already in the table
        return IPV4_COMPATIBLE.contains(bytes) && !unspecifiedOrLoopback ? List.of(at(bytes, 12, 13, 14, 15))
                : List.of();
    }

    private static boolean zeroFrom(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address at(byte[] bytes, int... positions) {
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = bytes[positions[i]];
        }
        return v4(v4);
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
