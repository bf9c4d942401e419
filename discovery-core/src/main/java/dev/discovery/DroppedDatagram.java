package dev.discovery;

/** Thrown inside the receive path for a datagram that is counted and dropped; never leaves it. */
final class DroppedDatagram extends Exception {

    private final DropReason reason;

    DroppedDatagram(DropReason reason, String detail) {
        super(detail, null, false, false); // no stack trace: hostile traffic must stay cheap
        this.reason = reason;
    }

    DropReason reason() {
        return reason;
    }
}
