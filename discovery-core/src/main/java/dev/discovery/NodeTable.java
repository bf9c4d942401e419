package dev.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failure detector's table: every remote node heard within its timeout, and the earliest deadline among them so
 * the engine can wake exactly when the next node would expire instead of polling.
 */
final class NodeTable {

    private final Map<String, PeerRecord> peers = new LinkedHashMap<>();
    private final long nodeTimeout;
    private final long masterTimeout;

    NodeTable(long nodeTimeout, long masterTimeout) {
        this.nodeTimeout = nodeTimeout;
        this.masterTimeout = masterTimeout;
    }

    PeerRecord get(String id) {
        return peers.get(id);
    }

    void put(PeerRecord peer) {
        peers.put(peer.id, peer);
    }

    PeerRecord remove(String id) {
        return peers.remove(id);
    }

    int size() {
        return peers.size();
    }

    Collection<PeerRecord> peers() {
        return peers.values();
    }

    void clear() {
        peers.clear();
    }

    long deadline(PeerRecord peer) {
        return peer.deadline(nodeTimeout, masterTimeout);
    }

    /** Removes and returns the nodes whose deadline has passed. */
    List<PeerRecord> removeExpired(long now) {
        List<PeerRecord> expired = new ArrayList<>(0);
        for (Iterator<PeerRecord> it = peers.values().iterator(); it.hasNext(); ) {
            PeerRecord peer = it.next();
            if (deadline(peer) <= now) {
                it.remove();
                expired.add(peer);
            }
        }
        return expired;
    }

    /** The earliest deadline of any node, or {@link Long#MAX_VALUE} when the table is empty. */
    long earliestDeadline() {
        long earliest = Long.MAX_VALUE;
        for (PeerRecord peer : peers.values()) {
            earliest = Math.min(earliest, deadline(peer));
        }
        return earliest;
    }
}
