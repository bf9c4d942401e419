package dev.discovery.internal.engine;

import dev.discovery.internal.net.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a node with seeds may send when another node names an address: never to a broadcast address (the limited one,
 * or the directed broadcast of a network below), multicast, the unspecified address or an IPv6 link-local one; loopback
 * only when the namer is on loopback; otherwise only inside the networks of this node's interfaces, of its seeds
 * (each seed's /24, or /64 for IPv6) and of the option {@code allowedNetworks}. Without a key anyone can name
 * addresses: this keeps a forged list from turning the node into a reflector towards third parties or the LAN.
 */
final class PeerScope {

    private static final int SEED_PREFIX_V4 = 24;
    private static final int SEED_PREFIX_V6 = 64;

    private final List<Cidr> allowed;
    private List<Cidr> interfaces = List.of();
    private List<Cidr> seeds = List.of();

    PeerScope(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    void interfaces(List<Cidr> networks) {
        this.interfaces = List.copyOf(networks);
    }

    void seeds(List<InetSocketAddress> addresses) {
        List<Cidr> networks = new ArrayList<>();
        for (InetSocketAddress seed : addresses) {
            InetAddress ip = seed.getAddress();
            if (ip != null && !ip.isLoopbackAddress()) {
                networks.add(Cidr.of(ip, ip instanceof Inet4Address ? SEED_PREFIX_V4 : SEED_PREFIX_V6));
            }
        }
        this.seeds = List.copyOf(networks);
    }

    /** Why this node never sends to {@code address}, whoever names it; null when it may be a peer's. */
    @Nullable String neverSendTo(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null || address.getPort() <= 0) {
            return "no address and port";
        }
        if (ip.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (ip.isMulticastAddress()) {
            return "a multicast group";
        }
        if (ip instanceof Inet6Address && ip.isLinkLocalAddress()) {
            return "IPv6 link-local (a scope means nothing on another host)";
        }
        if (ip instanceof Inet4Address && (ip.getAddress()[0] & ip.getAddress()[1] & ip.getAddress()[2]
                & ip.getAddress()[3]) == (byte) 0xFF) {
            return "the limited broadcast address";
        }
        for (List<Cidr> networks : List.of(interfaces, seeds, allowed)) {
            for (Cidr network : networks) {
                if (network.isBroadcast(ip)) {
                    return "the broadcast address of " + network;
                }
            }
        }
        return null;
    }

    /** Why this node does not send to {@code address} named by {@code namer}; null when it may. */
    @Nullable String refusal(InetSocketAddress address, InetSocketAddress namer) {
        String never = neverSendTo(address);
        if (never != null) {
            return never;
        }
        InetAddress ip = address.getAddress();
        if (ip.isLoopbackAddress() || namer.getAddress().isLoopbackAddress()) {
            return ip.isLoopbackAddress() == namer.getAddress().isLoopbackAddress() ? null
                    : "loopback and not loopback do not mix";
        }
        for (List<Cidr> networks : List.of(interfaces, seeds, allowed)) {
            for (Cidr network : networks) {
                if (network.contains(ip)) {
                    return null;
                }
            }
        }
        return "outside the networks of this node's interfaces " + interfaces + ", of its seeds " + seeds
                + " and of allowedNetworks " + allowed;
    }
}
