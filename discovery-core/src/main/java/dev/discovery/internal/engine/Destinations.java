package dev.discovery.internal.engine;

import dev.discovery.DiscoveryOptions;
import dev.discovery.internal.net.UnicastDestination;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whom a node sends to. The options name one way to reach the cluster: the broadcast address, a multicast group, or
 * a list of unicast peers; hellos, goodbyes and channel messages go to all of them. Names are resolved once, when the
 * node starts, so the transport is only ever given addresses.
 */
public final class Destinations {

    private final List<InetSocketAddress> everyone;

    private Destinations(List<InetSocketAddress> everyone) {
        this.everyone = List.copyOf(everyone);
    }

    /**
     * The destinations the options name, resolved.
     *
     * @throws UnknownHostException naming the option and the entry when a name does not resolve
     */
    public static Destinations of(DiscoveryOptions options) throws UnknownHostException {
        List<InetSocketAddress> resolved = new ArrayList<>();
        if (!options.unicast().isEmpty()) {
            for (String entry : options.unicast()) {
                UnicastDestination destination = UnicastDestination.parse(entry, options.port());
                resolved.add(new InetSocketAddress(resolve(destination.host(), "unicast entry '" + entry + "'"),
                        destination.port()));
            }
        } else if (options.multicast() != null) {
            resolved.add(new InetSocketAddress(resolve(options.multicast(), "multicast group"), options.port()));
        } else {
            resolved.add(new InetSocketAddress(resolve(options.broadcast(), "broadcast address"), options.port()));
        }
        return new Destinations(resolved);
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

    /** Where hellos, goodbyes and channel messages go: every configured destination. */
    public List<InetSocketAddress> everyone() {
        return everyone;
    }

    @Override
    public String toString() {
        return everyone.toString();
    }
}
