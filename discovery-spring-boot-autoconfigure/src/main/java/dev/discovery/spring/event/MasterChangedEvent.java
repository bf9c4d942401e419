package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.Node;
import java.util.List;

/** A node, this one or a remote one, became master or stopped being one. */
public class MasterChangedEvent extends DiscoveryApplicationEvent {

    private final Node node;
    private final boolean master;
    private final List<Node> masters;

    public MasterChangedEvent(Membership source, Node node, boolean master, List<Node> masters) {
        super(source);
        this.node = node;
        this.master = master;
        this.masters = masters;
    }

    /** The node whose master state changed. */
    public Node getNode() {
        return node;
    }

    /** Whether it is master now. */
    public boolean isMaster() {
        return master;
    }

    /** Every master known when the event was published, this node included when it is one. */
    public List<Node> getMasters() {
        return masters;
    }

    @Override
    public String toString() {
        return "MasterChangedEvent{node=" + node + ", master=" + master + ", masters=" + masters + "}";
    }
}
