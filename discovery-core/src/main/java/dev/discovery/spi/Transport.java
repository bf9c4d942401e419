package dev.discovery.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.OptionalLong;

/**
 * Moves datagrams between nodes. The engine neither knows nor cares whether they travel over real UDP sockets or an
 * in-memory network: both implement this.
 */
public interface Transport {

    /**
     * Binds and starts delivering received datagrams to {@code receiver}, from any thread but one at a time.
     *
     * @throws IOException when the transport cannot bind; the message names the address and port
     */
    void start(Receiver receiver) throws IOException;

    /** Sends one datagram to every destination (the broadcast address, the multicast group or each unicast peer). */
    void send(byte[] datagram) throws IOException;

    /** Stops receiving and releases the socket and any thread; idempotent. */
    void stop();

    /**
     * Datagrams the operating system dropped before this transport could read them (a full receive buffer), since it
     * was created; empty where the platform does not tell.
     */
    default OptionalLong kernelDrops() {
        return OptionalLong.empty();
    }

    /** Receives datagrams. {@code data} belongs to the receiver. */
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
