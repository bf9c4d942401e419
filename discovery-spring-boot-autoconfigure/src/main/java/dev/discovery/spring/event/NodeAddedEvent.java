package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.Node;

/** A node was heard for the first time. */
public class NodeAddedEvent extends DiscoveryApplicationEvent {

    private final Node node;

    public NodeAddedEvent(Membership source, Node node) {
        super(source);
        this.node = node;
    }

    /** The new node. */
    public Node getNode() {
        return node;
    }

    @Override
    public String toString() {
        return "NodeAddedEvent{node=" + node + "}";
    }
}
