package dev.discovery.internal.engine;

import dev.discovery.DiscoveryOptions;
import dev.discovery.internal.net.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whom a node sends to. The options name fixed destinations, as node-discover has them: the unicast peers, else the
 * multicast group, else the broadcast address (none when seeds replace it), resolved once when the node starts. With
 * seeds, the {@link PeerExchange} adds the addresses it knows: hellos go to every seed, member and candidate,
 * goodbyes and channel messages to every member. The transport is only ever given addresses.
 */
public final class Destinations {

    private final List<InetSocketAddress> fixed;
    private final @Nullable PeerExchange peers;

    private Destinations(List<InetSocketAddress> fixed, @Nullable PeerExchange peers) {
        this.fixed = List.copyOf(fixed);
        this.peers = peers;
    }

    static Destinations of(DiscoveryOptions options, @Nullable PeerExchange peers) throws UnknownHostException {
        return new Destinations(fixed(options), peers);
    }

    /**
     * The destinations the options name, resolved.
     *
     * @throws UnknownHostException naming the option and the entry when a name does not resolve
     */
    public static List<InetSocketAddress> fixed(DiscoveryOptions options) throws UnknownHostException {
        List<InetSocketAddress> resolved = new ArrayList<>();
        if (!options.unicast().isEmpty()) {
            for (String entry : options.unicast()) {
                HostPort destination = HostPort.parse(entry, options.port());
                InetAddress address = destination.literal() != null ? destination.literal()
                        : resolve(destination.host(), "unicast entry '" + entry + "'");
                resolved.add(new InetSocketAddress(address, destination.port()));
            }
        } else if (options.multicast() != null) {
            resolved.add(new InetSocketAddress(resolve(options.multicast(), "multicast group"), options.port()));
        } else if (options.broadcast() != null) {
            resolved.add(new InetSocketAddress(resolve(options.broadcast(), "broadcast address"), options.port()));
        }
        return resolved;
    }

    private static InetAddress resolve(String host, String what) throws UnknownHostException {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            UnknownHostException named = new UnknownHostException("Cannot resolve the " + what + " '" + host + "': "
                    + e.getMessage() + ". Give an IP address, or a name this host can resolve.");
            named.initCause(e);
            throw named;
        }
    }

    /** Where hellos go: the fixed destinations, and with seeds every address the peer exchange knows. */
    List<InetSocketAddress> everyone() {
        return peers == null ? fixed : union(peers.helloTargets());
    }

    /** Where goodbyes and channel messages go: the fixed destinations, and with seeds every member. */
    List<InetSocketAddress> members() {
        return peers == null ? fixed : union(peers.memberTargets());
    }

    private List<InetSocketAddress> union(List<InetSocketAddress> learned) {
        if (fixed.isEmpty()) {
            return learned;
        }
        Set<InetSocketAddress> all = new LinkedHashSet<>(fixed);
        all.addAll(learned);
        return new ArrayList<>(all);
    }

    @Override
    public String toString() {
        return fixed + (peers == null ? "" : " and seeds");
    }
}
