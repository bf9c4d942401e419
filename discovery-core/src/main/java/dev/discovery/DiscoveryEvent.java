package dev.discovery;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a {@link Discovery} tells its listeners. Events of one node are delivered in the order they happened, one at
 * a time, on that node's event thread and outside any lock.
 */
public sealed interface DiscoveryEvent {

    /** A node was heard for the first time. */
    record NodeAdded(Node node) implements DiscoveryEvent {
    }

    /** A known node announced something new: its advertisement, master state, eligibility, weight or address. */
    record NodeUpdated(Node previous, Node node) implements DiscoveryEvent {
    }

    /** A node left the table, because it said goodbye or fell silent. */
    record NodeRemoved(Node node, RemovalReason reason) implements DiscoveryEvent {
    }

    /** A remote node became master (it was new, or was not master before). */
    record MasterElected(Node node) implements DiscoveryEvent {
    }

    /** This node became master. */
    record Promoted(Node self) implements DiscoveryEvent {
    }

    /** This node stopped being master (by election, by {@link Discovery#demote(boolean)} or because it stopped). */
    record Demoted(Node self) implements DiscoveryEvent {
    }

    /**
     * A node, this one or a remote one, became master or stopped being one. It comes right after the event that made
     * the change ({@link Promoted}, {@link Demoted}, {@link MasterElected}, or the {@link NodeUpdated} or
     * {@link NodeRemoved} of a master), so that a listener following who is master needs no other event.
     *
     * @param node    the node whose master state changed
     * @param master  whether it is master now
     * @param masters every master known right after the change, this node first when it is one
     */
    record MasterChanged(Node node, boolean master, List<Node> masters) implements DiscoveryEvent {

        public MasterChanged {
            masters = List.copyOf(masters);
        }
    }

    /**
     * This node has heard the cluster since it started ({@link DiscoveryOptions#settleTime()}): from now on it takes
     * keys and may take a lead, and its hellos say so, so that the others hand keys over to it only now.
     */
    record Settled(Node self) implements DiscoveryEvent {
    }

    /**
     * This node stopped taking part: {@code stop()} was called, or it failed (after {@link Failed}). Its table is empty
     * and it owns nothing; master-only work stops on this event.
     */
    record Stopped(Node self) implements DiscoveryEvent {
    }

    /**
     * This node stopped taking part because a path it needs died: its receive thread, a timer, or a receive path on
     * which every datagram ran out of memory for a whole {@code nodeTimeout}. It said goodbye and sends no more hellos,
     * so peers remove it; {@link Discovery#isRunning()} is false and {@link Discovery#failure()} tells the cause. Call
     * {@code stop()} and {@code start()} to restart it.
     */
    record Failed(Node self, Throwable cause) implements DiscoveryEvent {
    }

    /**
     * A datagram was dropped as bad data; sent only when the option ignoreDataErrors is false. The datagram is
     * counted in {@link DiscoveryStats} either way.
     */
    record DataError(DropReason reason, InetSocketAddress source, String detail) implements DiscoveryEvent {
    }

    /**
     * A node is removed by suspicion (a {@link NodeRemoved} with {@link RemovalReason#SUSPECTED} follows): traffic to it
     * failed on {@code suspectedBy}, which reported it ({@code Discovery.reportUnreachable}), and it answered no probe of
     * {@code confirmedBy} (the members that node asked, and this node) within the suspicion bound.
     */
    record Suspected(Node node, String suspectedBy, List<String> confirmedBy) implements DiscoveryEvent {

        public Suspected {
            confirmedBy = List.copyOf(confirmedBy);
        }
    }

    /**
     * A node reported unreachable answered a probe (its own ping, or one by a member asked): it stays, and a caller's
     * local exclusion of it may end. {@code answeredTo} is the id of the node whose probe it answered.
     */
    record SuspicionRefuted(Node node, String answeredTo) implements DiscoveryEvent {
    }
}
