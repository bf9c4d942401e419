package dev.discovery.bench;

import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;

/**
 * A node's real transport, noting when its first datagram (the first hello) had been handed to the socket: the point
 * node-discover's {@code started} line marks, which start() no longer does for us, since it returns only after the
 * threads it starts behind the first hello.
 */
final class FirstSendClock implements Transport {

    private final Transport socket;
    private volatile long firstSentAt;

    FirstSendClock(Transport socket) {
        this.socket = socket;
    }

    /** {@link System#nanoTime()} when the first send returned; 0 before. */
    long firstSentAt() {
        return firstSentAt;
    }

    @Override
    public void start(Receiver receiver) throws IOException {
        socket.start(receiver);
    }

    @Override
    public void startReceiving() {
        socket.startReceiving();
    }

    @Override
    public void send(byte[] datagram, InetSocketAddress destination) throws IOException {
        socket.send(datagram, destination);
        if (firstSentAt == 0) {
            firstSentAt = System.nanoTime();
        }
    }

    @Override
    public void stop() {
        socket.stop();
    }

    @Override
    public OptionalLong kernelDrops() {
        return socket.kernelDrops();
    }

    @Override
    public List<String> networks() {
        return socket.networks();
    }
}
