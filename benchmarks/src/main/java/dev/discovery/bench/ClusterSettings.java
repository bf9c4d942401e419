package dev.discovery.bench;

import dev.discovery.DiscoveryOptions;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every node of one benchmark cluster shares, for both implementations: the port, the loopback broadcast address
 * and the timings. The defaults are the libraries' own (hello 1 s, check 2 s, node and master timeout 2 s), on which
 * the targets are defined.
 */
record ClusterSettings(int port, String broadcast, Duration helloInterval, Duration checkInterval,
                       Duration nodeTimeout, Duration masterTimeout) {

    /** Loopback only: every node of every benchmark sends here and nowhere else. */
    static final String LOOPBACK_BROADCAST = "127.255.255.255";
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The default timings on a UDP port nobody uses right now. */
    static ClusterSettings defaults() {
        return new ClusterSettings(freePort(), LOOPBACK_BROADCAST, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    DiscoveryOptions.Builder options(double weight) {
        return options().weight(weight);
    }

    /** Without a weight: the library's default (older nodes weigh more). */
    DiscoveryOptions.Builder options() {
        return DiscoveryOptions.builder()
                .port(port)
                .broadcast(broadcast)
                .hostName("bench")
                .helloInterval(helloInterval)
                .checkInterval(checkInterval)
                .nodeTimeout(nodeTimeout)
                .masterTimeout(masterTimeout);
    }

    /** The same settings as node-discover's options object (also read by {@link JavaPeerMain}). */
    ObjectNode peerOptions(double weight) {
        return JSON.createObjectNode()
                .put("port", port)
                .put("broadcast", broadcast)
                .put("hostname", "bench")
                .put("weight", weight)
                .put("helloInterval", helloInterval.toMillis())
                .put("checkInterval", checkInterval.toMillis())
                .put("nodeTimeout", nodeTimeout.toMillis())
                .put("masterTimeout", masterTimeout.toMillis());
    }

    static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free UDP port on loopback", e);
        }
    }
}
