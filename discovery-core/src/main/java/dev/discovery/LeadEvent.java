package dev.discovery;

/**
 * What a {@link MasterWork} tells its listeners, on the node's event thread, in order.
 */
public sealed interface LeadEvent {

    /**
     * This node leads now, in {@code term}: the registered lifecycles have started and master-only calls run. A term is
     * higher than every term this node had heard of; pass it to what the work writes (see {@link MasterWork#term()}).
     */
    record LeadTaken(String nodeId, long term) implements LeadEvent {
    }

    /** This node no longer leads the work it led in {@code term}: calls are refused and its lifecycles have stopped. */
    record LeadLost(String nodeId, long term) implements LeadEvent {
    }

    /**
     * This node gained or lost its quorum: it heard {@code members} members of its group within nodeTimeout (itself
     * included), and needs {@code minimum}. Without a quorum it leads nothing and owns no key.
     */
    record QuorumChanged(String nodeId, boolean quorum, int members, int minimum) implements LeadEvent {
    }
}
