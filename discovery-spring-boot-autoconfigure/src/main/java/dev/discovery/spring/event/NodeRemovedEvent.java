package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.Node;
import dev.discovery.RemovalReason;

/** A node left the table: it said goodbye or fell silent. */
public class NodeRemovedEvent extends DiscoveryApplicationEvent {

    private final Node node;
    private final RemovalReason reason;

    public NodeRemovedEvent(Membership source, Node node, RemovalReason reason) {
        super(source);
        this.node = node;
        this.reason = reason;
    }

    /** The node as it was last heard. */
    public Node getNode() {
        return node;
    }

    /** Why it left: LEFT (goodbye), TIMED_OUT, or EVICTED (from a full table, to make room for an established node). */
    public RemovalReason getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return "NodeRemovedEvent{node=" + node + ", reason=" + reason + "}";
    }
}
