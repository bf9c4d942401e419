package dev.discovery.internal.wire;

import dev.discovery.DropReason;

/** Thrown inside the receive path for a datagram that is counted and dropped; never leaves it. */
public final class DroppedDatagram extends Exception {

    private final DropReason reason;

    public DroppedDatagram(DropReason reason, String detail) {
        super(detail, null, false, false); // no stack trace: hostile traffic must stay cheap
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
