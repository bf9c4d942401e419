package dev.discovery.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;

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
     * Called by the engine right after the first datagrams of a start have been handed over: a transport that reads on
     * a thread of its own may start that thread here rather than in {@link #start}, so that the first hello does not
     * wait for the operating system to run a new thread (on a busy host that took from milliseconds to 90 ms). What
     * arrives meanwhile waits in the bound socket. Idempotent; default nothing.
     */
    default void startReceiving() {
    }

    /**
     * Sends one datagram to {@code destination}: one host, a broadcast address or a multicast group. May be called
     * from several threads, but the engine calls it from one at a time, in the order it decided the datagrams.
     *
     * @throws DatagramTooLongException when the datagram is longer than the transport can carry: the node fails
     * @throws IOException when the datagram could not be handed to the network
     */
    void send(byte[] datagram, InetSocketAddress destination) throws IOException;

    /** Stops receiving and releases the socket and any thread; idempotent. */
    void stop();

    /**
     * Datagrams the operating system dropped before this transport could read them (a full receive buffer), since it
     * was created; empty where the platform does not tell.
     */
    default OptionalLong kernelDrops() {
        return OptionalLong.empty();
    }

    /**
     * The networks of the interfaces this transport sends from, in CIDR notation ({@code 10.0.0.7/24}): a node with
     * seeds sends to addresses other nodes name only inside these (and its seeds' and {@code allowedNetworks}), and
     * never to their broadcast addresses. Read when the node starts. Default none.
     */
    default List<String> networks() {
        return List.of();
    }

    /** Receives datagrams. {@code data} belongs to the receiver; {@code source} is the sender's address and port. */
    @FunctionalInterface
    interface Receiver {
        void receive(byte[] data, InetSocketAddress source);

        /**
         * The transport can deliver nothing more until it is stopped and started again: for example its receive thread
         * died of an {@code Error}. A node must not go on saying hello while deaf, so the engine stops taking part.
         */
        default void failed(Throwable cause) {
        }
    }
}
