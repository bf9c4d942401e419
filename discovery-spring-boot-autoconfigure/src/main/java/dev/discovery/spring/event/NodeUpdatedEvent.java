package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.Node;

/** A known node announced something new: its advertisement, master state, eligibility, weight or address. */
public class NodeUpdatedEvent extends DiscoveryApplicationEvent {

    private final Node previous;
    private final Node node;

    public NodeUpdatedEvent(Membership source, Node previous, Node node) {
        super(source);
        this.previous = previous;
        this.node = node;
    }

    /** The node as it was. */
    public Node getPrevious() {
        return previous;
    }

    /** The node as it is now. */
    public Node getNode() {
        return node;
    }

    @Override
    public String toString() {
        return "NodeUpdatedEvent{previous=" + previous + ", node=" + node + "}";
    }
}
