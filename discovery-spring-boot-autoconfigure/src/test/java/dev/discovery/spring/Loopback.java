package dev.discovery.spring;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Discovery properties for tests: loopback only, and timings a loaded 2-core machine keeps up with. Contexts given the
 * same port see each other; every test takes its own free port so that tests never see each other.
 */
public final class Loopback {

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

    public static String[] properties(int port) {
        return new String[] {
            "discovery.broadcast=127.255.255.255",
            "discovery.port=" + port,
            "discovery.host-name=loopback-test",
            "discovery.hello-interval=200ms",
            "discovery.check-interval=500ms",
            "discovery.node-timeout=1500ms",
        };
    }
}
