package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.Node;

/** This node stopped being master: by election, by a demote request, or because it stopped. */
public class DemotedEvent extends DiscoveryApplicationEvent {

    private final Node self;

    public DemotedEvent(Membership source, Node self) {
        super(source);
        this.self = self;
    }

    /** This node, no longer master. */
    public Node getSelf() {
        return self;
    }

    @Override
    public String toString() {
        return "DemotedEvent{self=" + self + "}";
    }
}
