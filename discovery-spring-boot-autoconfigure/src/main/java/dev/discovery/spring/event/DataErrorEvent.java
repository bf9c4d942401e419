package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.DropReason;
import java.net.InetSocketAddress;

/** A bad datagram was dropped; published only with discovery.ignore-data-errors=false. */
public class DataErrorEvent extends DiscoveryApplicationEvent {

    private final DropReason reason;
    private final InetSocketAddress sender;
    private final String detail;

    public DataErrorEvent(Membership source, DropReason reason, InetSocketAddress sender, String detail) {
        super(source);
        this.reason = reason;
        this.sender = sender;
        this.detail = detail;
    }

    /** Why it was dropped. */
    public DropReason getReason() {
        return reason;
    }

    /** Where it came from. */
    public InetSocketAddress getSender() {
        return sender;
    }

    /** What was wrong with it. */
    public String getDetail() {
        return detail;
    }

    @Override
    public String toString() {
        return "DataErrorEvent{reason=" + reason + ", sender=" + sender + ", detail=" + detail + "}";
    }
}
