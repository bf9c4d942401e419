package dev.discovery.internal.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A safety net for test suites and demos: when the system property {@value #PROPERTY} lists address ranges (CIDR,
 * comma-separated, IPv4 or IPv6, for example {@code 127.0.0.0/8,10.77.0.0/24,::1/128}), a node refuses to start if its
 * configured destinations lie elsewhere, and refuses every later datagram to an address elsewhere. Multicast is allowed
 * only on the loopback interface {@code lo}, the limited broadcast address and the unspecified one never, whatever the
 * ranges. Without the property nothing is checked.
 */
public final class DestinationGuard {

    public static final String PROPERTY = "discovery.allowedDestinations";

    private final @Nullable String allowed;
    private final List<Cidr> ranges;
    private final @Nullable String multicastInterface;
    /** The destination last found allowed: the guard's verdict never changes, so it need not be worked out again. */
    private volatile @Nullable InetSocketAddress lastAllowed;

    private DestinationGuard(@Nullable String allowed, List<Cidr> ranges, @Nullable String multicastInterface) {
        this.allowed = allowed;
        this.ranges = ranges;
        this.multicastInterface = multicastInterface;
    }

    /** The guard the system property asks for, read once, for a socket whose multicast leaves on that interface. */
    static DestinationGuard fromSystemProperty(@Nullable String multicastInterface) {
        return of(System.getProperty(PROPERTY), multicastInterface);
    }

    static DestinationGuard of(@Nullable String allowed, @Nullable String multicastInterface) {
        if (allowed == null || allowed.isBlank()) {
            return new DestinationGuard(null, List.of(), multicastInterface);
        }
        List<Cidr> ranges = new ArrayList<>();
        for (String cidr : allowed.split(",")) {
            try {
                ranges.add(Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PROPERTY + ": " + e.getMessage(), e);
            }
        }
        return new DestinationGuard(allowed, List.copyOf(ranges), multicastInterface);
    }

    private static boolean isLimitedBroadcast(InetAddress address) {
        return Cidr.parse("255.255.255.255").contains(address);
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
        // As for addresses peers name (PeerScope): never the limited broadcast or the unspecified address, whatever
        // the ranges say; multicast only on loopback.
        boolean ok = address != null && !address.isAnyLocalAddress() && !isLimitedBroadcast(address)
                && (address.isMulticastAddress()
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
}
