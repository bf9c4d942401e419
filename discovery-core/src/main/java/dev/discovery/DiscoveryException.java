package dev.discovery;

/** A node could not start: its socket could not be bound or set up. The message names the address and port. */
public class DiscoveryException extends RuntimeException {

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
