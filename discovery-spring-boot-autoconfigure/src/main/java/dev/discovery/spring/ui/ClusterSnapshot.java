package dev.discovery.spring.ui;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the cluster page shows, as this node sees it at one moment; sent to the page as JSON. Times are milliseconds
 * since the epoch on this node's clock, so that the page can count from {@code now} without trusting its own clock.
 *
 * @param now      this node's time when the snapshot was taken
 * @param running  whether this node is running
 * @param selfId   this node's id
 * @param nodes    this node first, then every other node alive
 * @param masters  the ids of every master known, this node's included when it is one
 * @param services every service known or needed, by name
 * @param needs    the needed services and whether each has an available instance
 * @param ready    whether every need is met
 * @param packets  this node's packet counters
 * @param timeline recent events, newest first
 */
record ClusterSnapshot(long now, boolean running, String selfId, List<NodeRow> nodes, List<String> masters,
        List<Service> services, List<Need> needs, boolean ready, Packets packets, List<Entry> timeline) {

    /**
     * One node.
     *
     * @param address   where peers see its datagrams come from (for this node, not the 0.0.0.0 it may be bound to)
     * @param service   the service it advertises (the advertisement's {@code name}), if any
     * @param lastSeen  when its last hello arrived ({@code now} for this node)
     * @param timeout   how long it may stay silent before it is removed: masterTimeout for a master, else nodeTimeout
     */
    record NodeRow(String id, String hostName, String address, int port, boolean master, boolean masterEligible,
            double weight, @Nullable String service, @Nullable Object advertisement, long lastSeen, long timeout,
            boolean self) {
    }

    /** A service: its available instances, and those known but not available with the reason. */
    record Service(String name, boolean needed, List<Instance> available, List<Instance> unavailable) {
    }

    /**
     * One instance of a service.
     *
     * @param reason why it is not available, null when it is
     */
    record Instance(String nodeId, String hostName, String address, @Nullable String reason) {
    }

    record Need(String name, boolean met) {
    }

    /** Datagrams received, sent, refused by the socket, and dropped by reason (lower case, as the meters name them). */
    record Packets(long received, long sent, long sendFailures, Map<String, Long> dropped) {
    }

    /**
     * One timeline entry.
     *
     * @param at     when it happened
     * @param kind   {@code join}, {@code leave}, {@code election}, {@code readiness} or {@code service}
     * @param nodeId the node it is about, if one
     * @param text   what happened, in words
     */
    record Entry(long at, String kind, @Nullable String nodeId, String text) {
    }

    /**
     * What changes with every hello without an event, sent every second between snapshots: when each node was last
     * heard, by id, and the packet counters.
     */
    record Heard(long now, Map<String, Long> lastSeen, Packets packets) {
    }
}
