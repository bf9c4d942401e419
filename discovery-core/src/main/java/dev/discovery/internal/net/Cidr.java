package dev.discovery.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/64}; a bare address is a network of one). */
public record Cidr(byte[] network, int prefix) {

    /** @throws IllegalArgumentException naming the entry when it is no IPv4 or IPv6 literal, or its prefix is out of range */
    public static Cidr parse(String cidr) {
        String[] parts = cidr.trim().split("/", -1);
        byte[] network = literal(parts[0], cidr);
        int prefix;
        try {
            prefix = parts.length == 1 ? network.length * 8 : parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "' has a prefix out of range");
        }
        return new Cidr(network, prefix);
    }

    /** The network of {@code address} with this prefix length. */
    public static Cidr of(InetAddress address, int prefix) {
        return new Cidr(address.getAddress(), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit += 8) {
            int bits = Math.min(8, prefix - bit);
            int mask = (0xFF << (8 - bits)) & 0xFF;
            if (((bytes[bit / 8] ^ network[bit / 8]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code address} is this IPv4 network's directed broadcast address (all host bits set, prefix below 31). */
    public boolean isBroadcast(InetAddress address) {
        if (!(address instanceof Inet4Address) || network.length != 4 || prefix >= 31 || !contains(address)) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < 32; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 or IPv6 literal, never a name: a scope must not depend on DNS. */
    private static byte[] literal(String text, String cidr) {
        boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!ipv4 && !text.contains(":")) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByName(text).getAddress(); // a literal is parsed, not looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 or IPv6 address", e);
        }
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefix == other.prefix && java.util.Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefix;
    }
}
