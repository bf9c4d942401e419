package dev.discovery.spi;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Moves datagrams between nodes. The engine neither knows nor cares whether they travel over real UDP sockets or an
 * in-memory network: both implement this. The engine decides where each datagram goes (the broadcast address, the
 * multicast group, each unicast peer); a transport moves one datagram to the one address it is given.
 *
 * <p>Addresses are {@link InetSocketAddress}es holding an IP address (IPv4 or IPv6) and a port, as a datagram socket
 * takes and reports them. The engine only ever passes resolved addresses, so a transport never looks up a name.
 */
public interface Transport {

    /**
     * Binds and starts delivering received datagrams to {@code receiver}, from any thread but one at a time.
     *
     * @throws IOException when the transport cannot bind; the message names the address and port
     */
    void start(Receiver receiver) throws IOException;

    /**
     * Sends one datagram to {@code destination}: one host, a broadcast address or a multicast group. May be called
     * from several threads, but the engine calls it from one at a time, in the order it decided the datagrams.
     *
     * @throws IOException when the datagram could not be handed to the network
     */
    void send(byte[] datagram, InetSocketAddress destination) throws IOException;

    /** Stops receiving and releases the socket and any thread; idempotent. */
    void stop();

    /** Receives datagrams. {@code data} belongs to the receiver; {@code source} is the sender's address and port. */
    @FunctionalInterface
    interface Receiver {
        void receive(byte[] data, InetSocketAddress source);
    }
}
