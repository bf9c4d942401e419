package dev.discovery.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failure detector's table: every remote node heard within its timeout. Besides the nodes in the order they were
 * first heard, it keeps masters and other nodes each in the order they were last heard. Since a deadline is the last
 * hello plus the timeout of the node's kind, the earliest deadline is at the head of one of those two lists: finding
 * it, and the expired nodes, costs nothing per hello, whatever the size of the cluster.
 *
 * <p>For {@link Admission} it also keeps the estimated bytes its nodes hold, the nodes not yet established in the
 * order they came, and per source address how many nodes it holds and how many of them are not yet established.
 */
public final class NodeTable {

    private final Map<String, PeerRecord> peers = new LinkedHashMap<>();
    // In access order: a hello from a node already in place moves its entry to the end, allocating nothing.
    private final Map<String, PeerRecord> quietestNodes = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, PeerRecord> quietestMasters = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, PeerRecord> unproven = new LinkedHashMap<>();
    private final Map<String, int[]> sources = new HashMap<>(); // address -> {nodes, unproven nodes}
    private final long nodeTimeout;
    private final long masterTimeout;
    private long bytes;

    NodeTable(long nodeTimeout, long masterTimeout) {
        this.nodeTimeout = nodeTimeout;
        this.masterTimeout = masterTimeout;
    }

    PeerRecord get(String id) {
        return peers.get(id);
    }

    /** Adds the node, or records that it was just heard (its lastSeen, master flag and address are already updated). */
    void heard(PeerRecord peer) {
        if (peers.putIfAbsent(peer.id, peer) == null) {
            bytes += peer.footprint;
            if (!peer.established()) {
                unproven.put(peer.id, peer);
            }
            count(peer, peer.address, 1);
        } else if (!peer.address.equals(peer.countedAt)) {
            count(peer, peer.countedAt, -1);
            count(peer, peer.address, 1);
        }
        (peer.master ? quietestNodes : quietestMasters).remove(peer.id);
        (peer.master ? quietestMasters : quietestNodes).put(peer.id, peer);
    }

    /** Records a change of a node's estimated footprint. */
    void resize(PeerRecord peer, long footprint) {
        if (peers.get(peer.id) == peer) {
            bytes += footprint - peer.footprint;
        }
        peer.footprint = footprint;
    }

    /** Marks a node in the table established, the {@code order}-th to be so. */
    void establish(PeerRecord peer, long order) {
        if (unproven.remove(peer.id) != null) {
            sources.get(peer.countedAt)[1]--;
        }
        peer.establishedOrder = order;
    }

    PeerRecord remove(String id) {
        quietestNodes.remove(id);
        quietestMasters.remove(id);
        PeerRecord peer = peers.remove(id);
        if (peer != null) {
            forget(peer);
        }
        return peer;
    }

    int size() {
        return peers.size();
    }

    long bytes() {
        return bytes;
    }

    /** How many nodes heard from this address are not yet established. */
    int unprovenFrom(String address) {
        int[] counts = sources.get(address);
        return counts == null ? 0 : counts[1];
    }

    /**
     * The node to evict first to make room for {@code keep}: the oldest not yet established; else, of the address
     * holding the most nodes, the one established last. Null when only {@code keep} is left.
     */
    PeerRecord evictionCandidate(PeerRecord keep) {
        for (PeerRecord peer : unproven.values()) {
            if (peer != keep) {
                return peer;
            }
        }
        String busiest = null;
        int most = 0;
        for (Map.Entry<String, int[]> source : sources.entrySet()) {
            int others = source.getValue()[0] - (keep != null && source.getKey().equals(keep.countedAt) ? 1 : 0);
            if (others > most) {
                most = others;
                busiest = source.getKey();
            }
        }
        PeerRecord newest = null;
        for (PeerRecord peer : peers.values()) {
            if (peer != keep && peer.countedAt.equals(busiest)
                    && (newest == null || peer.establishedOrder > newest.establishedOrder)) {
                newest = peer;
            }
        }
        return newest;
    }

    /** The nodes whose hellos claim master. */
    Collection<PeerRecord> masters() {
        return quietestMasters.values();
    }

    Collection<PeerRecord> peers() {
        return peers.values();
    }

    void clear() {
        peers.clear();
        quietestNodes.clear();
        quietestMasters.clear();
        unproven.clear();
        sources.clear();
        bytes = 0;
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
                forget(peer);
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

    private void forget(PeerRecord peer) {
        bytes -= peer.footprint;
        unproven.remove(peer.id);
        count(peer, peer.countedAt, -1);
    }

    private void count(PeerRecord peer, String address, int delta) {
        int[] counts = sources.computeIfAbsent(address, a -> new int[2]);
        counts[0] += delta;
        if (!peer.established()) {
            counts[1] += delta;
        }
        if (counts[0] == 0) {
            sources.remove(address);
        }
        peer.countedAt = delta > 0 ? address : null;
    }
}
