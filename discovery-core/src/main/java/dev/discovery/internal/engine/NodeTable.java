package dev.discovery.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failure detector's table: every remote node heard within its timeout. Besides the nodes in the order they were
 * first heard, it keeps masters and other nodes each in the order they were last heard. Since a deadline is the last
 * hello plus the timeout of the node's kind, the earliest deadline is at the head of one of those two lists: finding
 * it, and the expired nodes, costs nothing per hello, whatever the size of the cluster.
 */
public final class NodeTable {

    private final Map<String, PeerRecord> peers = new LinkedHashMap<>();
    private final Map<String, PeerRecord> quietestNodes = new LinkedHashMap<>();
    private final Map<String, PeerRecord> quietestMasters = new LinkedHashMap<>();
    private final long nodeTimeout;
    private final long masterTimeout;

    NodeTable(long nodeTimeout, long masterTimeout) {
        this.nodeTimeout = nodeTimeout;
        this.masterTimeout = masterTimeout;
    }

    PeerRecord get(String id) {
        return peers.get(id);
    }

    /** Adds the node, or records that it was just heard (its lastSeen and master flag are already updated). */
    void heard(PeerRecord peer) {
        peers.putIfAbsent(peer.id, peer);
        quietestNodes.remove(peer.id);
        quietestMasters.remove(peer.id);
        (peer.master ? quietestMasters : quietestNodes).put(peer.id, peer);
    }

    PeerRecord remove(String id) {
        quietestNodes.remove(id);
        quietestMasters.remove(id);
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
        quietestNodes.clear();
        quietestMasters.clear();
    }

    long deadline(PeerRecord peer) {
        return peer.deadline(nodeTimeout, masterTimeout);
    }

    /** Removes and returns the nodes whose deadline has passed. */
    List<PeerRecord> removeExpired(long now) {
        List<PeerRecord> expired = new ArrayList<>(0);
        for (Map<String, PeerRecord> byLastSeen : List.of(quietestNodes, quietestMasters)) {
            for (Iterator<PeerRecord> it = byLastSeen.values().iterator(); it.hasNext(); ) {
                PeerRecord peer = it.next();
                if (deadline(peer) > now) {
                    break; // the rest were heard later still
                }
                it.remove();
                peers.remove(peer.id);
                expired.add(peer);
            }
        }
        return expired;
    }

    /** The earliest deadline of any node, or {@link Long#MAX_VALUE} when the table is empty. */
    long earliestDeadline() {
        return Math.min(headDeadline(quietestNodes), headDeadline(quietestMasters));
    }

    private long headDeadline(Map<String, PeerRecord> byLastSeen) {
        Iterator<PeerRecord> it = byLastSeen.values().iterator();
        return it.hasNext() ? deadline(it.next()) : Long.MAX_VALUE;
    }
}
