package dev.discovery;

import dev.discovery.internal.wire.Json;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one node as this node last heard it. Never changes after it is made: ask {@link Discovery#nodes()}
 * again for fresh data.
 *
 * @param id            the node's instance id (node-discover's {@code iid}), unique per started instance
 * @param hostName      the host name the node announces
 * @param address       the source address of its last hello
 * @param port          the source port of its last hello
 * @param master        whether it is a master
 * @param masterEligible whether it may become master
 * @param weight        its election weight: heavier eligible nodes become masters
 * @param advertisement what it advertises, as plain Java values (maps, lists, strings, numbers, booleans), or null
 * @param lastSeen      when its last hello arrived (for the local node: now)
 * @param processId     the id of the process it runs in (node-discover's {@code pid})
 * @param coordination  what it announces about master-only work and keys ({@link Coordination#NONE} for a
 *                      node-discover peer)
 */
public record Node(
        String id,
        String hostName,
        String address,
        int port,
        boolean master,
        boolean masterEligible,
        double weight,
        @Nullable Object advertisement,
        Instant lastSeen,
        String processId,
        Coordination coordination) {

    /** A node that announces nothing about master-only work and keys, as a node-discover peer. */
    public Node(String id, String hostName, String address, int port, boolean master, boolean masterEligible,
            double weight, @Nullable Object advertisement, Instant lastSeen, String processId) {
        this(id, hostName, address, port, master, masterEligible, weight, advertisement, lastSeen, processId,
                Coordination.NONE);
    }

    /**
     * The advertisement converted to a type of yours, for example a record with the advertised fields.
     *
     * @return the converted value, or null when the node advertises nothing
     * @throws IllegalArgumentException when the advertisement does not fit the type
     */
    public <T> T advertisement(Class<T> type) {
        return Json.convert(advertisement, type);
    }

    /** The advertisement as a map, empty when it is absent or not a JSON object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> advertisementMap() {
        return advertisement instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
