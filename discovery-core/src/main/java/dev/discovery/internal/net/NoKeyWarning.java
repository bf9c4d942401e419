package dev.discovery.internal.net;

import dev.discovery.DiscoveryOptions;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a node without keys says at start when its datagrams leave the host: without authentication, whoever can send
 * to the network speaks for any node. Loopback-only clusters (tests, demos) stay quiet.
 */
final class NoKeyWarning {

    private NoKeyWarning() {
    }

    static Optional<String> check(DiscoveryOptions options, List<InetSocketAddress> destinations) {
        if (!options.keys().isEmpty()) {
            return Optional.empty();
        }
        return destinations.stream()
                .filter(destination -> !staysOnThisHost(destination, options.multicastInterface()))
                .findFirst()
                .map(destination -> "Discovery sends beyond loopback (to " + destination.getAddress().getHostAddress()
                        + ":" + destination.getPort() + ") without a key. Anyone who can send to this network can then"
                        + " forge members and masters, remove any node with a forged goodbye, send channel messages"
                        + " in any node's name, and read what is sent. Set keys (the same on every node; discovery.keys"
                        + " in Spring) so that every datagram is authenticated and encrypted.");
    }

    private static boolean staysOnThisHost(InetSocketAddress destination, @Nullable String multicastInterface) {
        if (destination.getAddress().isLoopbackAddress()) {
            return true;
        }
        if (!destination.getAddress().isMulticastAddress() || multicastInterface == null) {
            return false;
        }
        try {
            NetworkInterface nic = NetworkInterface.getByName(multicastInterface);
            return nic != null && nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
