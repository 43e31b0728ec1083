package dev.tollgate.notifications.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Names the internal address classes a webhook must not reach: anything that is not a public unicast address.
 * Classified from the raw bytes rather than {@link InetAddress}'s {@code is...} methods, which miss CGNAT, unique-local
 * IPv6 and broadcast, and know nothing of IPv4 addresses embedded in IPv6 ones.
 */
final class AddressClass {

    private AddressClass() {
    }

    /** The class of a disallowed address with its article ("a loopback address"), or empty for a public one. */
    static Optional<String> disallowed(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (address instanceof Inet6Address) {
            return ipv6(b);
        }
        return Optional.of("an address of an unknown kind");
    }

    private static Optional<String> ipv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            // 0.0.0.0 reaches this host on Linux; the rest of 0/8 is "this network" and never a valid destination.
            return Optional.of(isZero(b, 0, 4) ? "an any-local address" : "a 'this network' (0.0.0.0/8) address");
        }
        if (first == 127) {
            return Optional.of("a loopback address");
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return Optional.of("a private address");
        }
        if (first == 169 && second == 254) {
            // Includes 169.254.169.254, the metadata service of most clouds, which hands out credentials.
            return Optional.of("a link-local address");
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Optional.of("a shared (CGNAT) address");
        }
        if ((first & 0xf0) == 224) {
            return Optional.of("a multicast address");
        }
        if (isAllOnes(b)) {
            return Optional.of("a broadcast address");
        }
        if ((first & 0xf0) == 240) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        if (isZero(b, 0, 16)) {
            return Optional.of("an any-local address");
        }
        if (isZero(b, 0, 15) && b[15] == 1) {
            return Optional.of("a loopback address");
        }
        // Forms that carry an IPv4 address, which the stack may deliver over IPv4: judge the IPv4 address inside.
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, "IPv4-mapped");
        }
        if (isZero(b, 0, 12)) {
            return embedded(b, "IPv4-compatible");
        }
        if (isNat64(b)) {
            return embedded(b, "NAT64");
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a unique-local address");
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("a site-local address");
        }
        if (first == 0xff) {
            return Optional.of("a multicast address");
        }
        return Optional.empty();
    }

    /** 64:ff9b::/96, the well-known prefix a DNS64/NAT64 gateway translates to the IPv4 address in its last bytes. */
    private static boolean isNat64(byte[] b) {
        return b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12);
    }

    private static Optional<String> embedded(byte[] b, String form) {
        byte[] v4 = {b[12], b[13], b[14], b[15]};
        return ipv4(v4).map(kind -> kind + " (" + form + ")");
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllOnes(byte[] b) {
        for (byte x : b) {
            if (x != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }
}
