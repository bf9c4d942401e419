package dev.discovery;

import java.util.Map;

/**
 * Packet counters of one node since it was created.
 *
 * @param received     datagrams received, including those later dropped
 * @param sent         datagrams sent (one per destination)
 * @param sendFailures datagrams the socket refused to send
 * @param dropped      dropped datagrams by reason (every reason is present, most with 0)
 */
public record DiscoveryStats(long received, long sent, long sendFailures, Map<DropReason, Long> dropped) {

    public DiscoveryStats {
        dropped = Map.copyOf(dropped);
    }

    /** All dropped datagrams that were bad data, whatever the reason. */
    public long dataErrors() {
        return dropped.entrySet().stream().filter(e -> e.getKey().isDataError()).mapToLong(Map.Entry::getValue).sum();
    }
}
