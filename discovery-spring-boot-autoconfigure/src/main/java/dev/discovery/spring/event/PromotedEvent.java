package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.Node;

/** This node became master. */
public class PromotedEvent extends DiscoveryApplicationEvent {

    private final Node self;

    public PromotedEvent(Membership source, Node self) {
        super(source);
        this.self = self;
    }

    /** This node, now master. */
    public Node getSelf() {
        return self;
    }

    @Override
    public String toString() {
        return "PromotedEvent{self=" + self + "}";
    }
}
