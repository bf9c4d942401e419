package dev.discovery.bench;

import dev.discovery.spi.Transport;
import java.net.InetSocketAddress;

/** A transport that sends nowhere and never receives on its own: the benchmark feeds the engine directly. */
final class SilentTransport implements Transport {

    @Override
    public void start(Receiver receiver) {
        // datagrams are handed to Engine#receive by the benchmark
    }

    @Override
    public void send(byte[] datagram, InetSocketAddress destination) {
        // nothing leaves the JVM
    }

    @Override
    public void stop() {
    }
}
