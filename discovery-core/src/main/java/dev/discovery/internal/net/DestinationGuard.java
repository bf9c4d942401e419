package dev.discovery.internal.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A safety net for test suites and demos: when the system property {@value #PROPERTY} lists address ranges (CIDR,
 * comma-separated, IPv4 or IPv6, for example {@code 127.0.0.0/8,10.77.0.0/24,::1/128}), a node refuses to start if its
 * configured destinations lie elsewhere, and refuses every later datagram to an address elsewhere. Multicast is allowed
 * only on the loopback interface {@code lo}. Without the property nothing is checked.
 */
public final class DestinationGuard {

    public static final String PROPERTY = "discovery.allowedDestinations";

    private final @Nullable String allowed;
    private final List<Range> ranges;
    private final @Nullable String multicastInterface;
    /** The destination last found allowed: the guard's verdict never changes, so it need not be worked out again. */
    private volatile @Nullable InetSocketAddress lastAllowed;

    private DestinationGuard(@Nullable String allowed, List<Range> ranges, @Nullable String multicastInterface) {
        this.allowed = allowed;
        this.ranges = ranges;
        this.multicastInterface = multicastInterface;
    }

    /** The guard the system property asks for, read once, for a socket whose multicast leaves on that interface. */
    static DestinationGuard fromSystemProperty(@Nullable String multicastInterface) {
        String allowed = System.getProperty(PROPERTY);
        if (allowed == null || allowed.isBlank()) {
            return new DestinationGuard(null, List.of(), multicastInterface);
        }
        List<Range> ranges = new ArrayList<>();
        for (String cidr : allowed.split(",")) {
            ranges.add(Range.parse(cidr.trim()));
        }
        return new DestinationGuard(allowed, List.copyOf(ranges), multicastInterface);
    }

    void checkAll(Collection<InetSocketAddress> destinations) {
        destinations.forEach(this::check);
    }

    /** @throws IllegalStateException naming the destination, the property and the fix, when it is not allowed */
    void check(InetSocketAddress destination) {
        if (allowed == null || destination.equals(lastAllowed)) {
            return; // a node sends to the same few destinations over and over: decide once, not per datagram
        }
        InetAddress address = destination.getAddress();
        boolean ok = address != null && (address.isMulticastAddress()
                ? "lo".equals(multicastInterface)
                : ranges.stream().anyMatch(range -> range.contains(address)));
        if (ok) {
            lastAllowed = destination;
        } else {
            throw new IllegalStateException("Refusing to send to " + destination + ": the system property "
                    + PROPERTY + "=" + allowed + " allows only those ranges (and multicast on interface 'lo'). "
                    + "Configure a loopback destination, such as broadcast 127.255.255.255.");
        }
    }

    private record Range(byte[] network, int prefix) {

        static Range parse(String cidr) {
            String[] parts = cidr.split("/");
            byte[] network = literal(parts[0]);
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(PROPERTY + ": '" + cidr + "' has a prefix out of range");
            }
            return new Range(network, prefix);
        }

        boolean contains(InetAddress address) {
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

        /** An IPv4 or IPv6 literal, never a name: the guard must not depend on DNS. */
        private static byte[] literal(String text) {
            boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            if (!ipv4 && !text.contains(":")) {
                throw new IllegalArgumentException(PROPERTY + ": '" + text + "' is not an IPv4 or IPv6 address");
            }
            try {
                return InetAddress.getByName(text).getAddress(); // a literal is parsed, not looked up
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(PROPERTY + ": '" + text + "' is not an IPv4 or IPv6 address", e);
            }
        }
    }
}
