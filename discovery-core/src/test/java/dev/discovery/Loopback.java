package dev.discovery;

import dev.discovery.internal.net.UdpTransport;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Options for real sockets that never leave this machine, with timings a loaded 2-core machine keeps up with. Public
 * so that the interoperability tests (package {@code dev.discovery.interop}) use the same port picking and timings.
 */
public final class Loopback {

    public static final String BROADCAST = "127.255.255.255";

    private Loopback() {
    }

    /** A UDP port nobody uses right now. */
    public static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node on real sockets with the id given, so that a test can say how it ranks on a tie. */
    public static Discovery node(DiscoveryOptions options, String id) {
        return new Discovery(options, new UdpTransport(options), null, id);
    }

    public static DiscoveryOptions.Builder options(int port) {
        return DiscoveryOptions.builder()
                .port(port)
                .broadcast(BROADCAST)
                .hostName("loopback-test")
                .helloInterval(Duration.ofMillis(200))
                .checkInterval(Duration.ofMillis(500))
                .nodeTimeout(Duration.ofMillis(1500));
    }
}
