package dev.discovery.spring.ui;

import dev.discovery.DiscoveryOptions;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.stream.Stream;

/**
 * The address peers see this node's datagrams come from. A node bound to every interface ({@code 0.0.0.0} or
 * {@code ::}) knows itself only by that; the system picks the source address when it sends, by the route to the
 * destination. Connecting a UDP socket to the first destination reads that choice without sending anything.
 */
final class AddressPeersSee {

    private AddressPeersSee() {
    }

    /** {@code bound} itself unless it is a wildcard, then the local address of the route to the node's destinations. */
    static String of(String bound, DiscoveryOptions options) {
        try {
            if (!InetAddress.getByName(bound).isAnyLocalAddress()) {
                return bound;
            }
            String destination = Stream.concat(Stream.concat(options.unicast().stream(), options.seeds().stream()),
                            Stream.of(options.multicast(), options.broadcast()))
                    .filter(host -> host != null && !host.isBlank()).findFirst().orElse(null);
            if (destination == null) {
                return bound;
            }
            try (DatagramSocket probe = new DatagramSocket()) {
                probe.setBroadcast(true);
                probe.connect(InetAddress.getByName(hostOf(destination)), options.port());
                InetAddress local = probe.getLocalAddress();
                return local.isAnyLocalAddress() ? bound : local.getHostAddress();
            }
        } catch (IOException | RuntimeException unknown) {
            return bound; // no route, or a name that does not resolve: what the node knows is all there is to show
        }
    }

    /** The host of {@code host}, {@code host:port}, {@code [v6]:port} or an IPv6 literal. */
    private static String hostOf(String destination) {
        if (destination.startsWith("[")) {
            return destination.substring(1, destination.indexOf(']'));
        }
        int colon = destination.indexOf(':');
        return colon > 0 && colon == destination.lastIndexOf(':') ? destination.substring(0, colon) : destination;
    }
}
