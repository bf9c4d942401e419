package dev.discovery;

import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One simulated host's network link: received datagrams wait while the host is paused, and a crashed host neither
 * sends nor receives (so the goodbye of the stop that follows a crash never leaves it).
 */
final class HostLink implements Transport {

    private final Transport network;
    private final HostClock clock;
    private volatile boolean crashed;

    HostLink(Transport network, HostClock clock) {
        this.network = network;
        this.clock = clock;
    }

    void crash() {
        crashed = true;
    }

    @Override
    public void start(Receiver receiver) throws IOException {
        network.start((data, source) -> {
            if (!crashed) {
                clock.runOrDefer(() -> receiver.receive(data, source));
            }
        });
    }

    @Override
    public void send(byte[] datagram, InetSocketAddress destination) throws IOException {
        if (!crashed) {
            network.send(datagram, destination);
        }
    }

    @Override
    public void stop() {
        network.stop();
    }
}
