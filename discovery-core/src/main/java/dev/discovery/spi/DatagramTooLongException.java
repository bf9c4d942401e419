package dev.discovery.spi;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Thrown by {@link Transport#send} when the datagram is longer than the transport can carry. Unlike other send
 * failures, which may pass (a network down, a peer gone), this one repeats with every copy of the datagram: a master
 * whose hellos cannot leave would stay master, silent, while its peers elect another. The node fails instead.
 */
public class DatagramTooLongException extends IOException {

    public DatagramTooLongException(int length, InetSocketAddress destination, Throwable cause) {
        super("a datagram of " + length + " bytes is too long to send to " + destination + ": " + cause.getMessage(),
                cause);
    }
}
