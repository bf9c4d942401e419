package dev.discovery;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Packet counters of one node since it was created.
 *
 * @param received     datagrams received, including those later dropped
 * @param sent         datagrams sent (one per destination)
 * @param sendFailures datagrams the socket refused to send
 * @param dropped      dropped datagrams by reason (every reason is present, most with 0)
 * @param kernelDrops  datagrams the operating system dropped for this node's socket before the node could read them,
 *                     because its receive buffer was full (a flood, or a node too slow to keep up): peers' hellos lost
 *                     this way can make the node remove live peers. Known on Linux, empty elsewhere
 */
public record DiscoveryStats(long received, long sent, long sendFailures, Map<DropReason, Long> dropped,
        OptionalLong kernelDrops) {

    public DiscoveryStats {
        dropped = Map.copyOf(dropped);
    }

    /** All dropped datagrams that were bad data, whatever the reason. */
    public long dataErrors() {
        return dropped.entrySet().stream().filter(e -> e.getKey().isDataError()).mapToLong(Map.Entry::getValue).sum();
    }
}
