package dev.discovery.internal.engine;

import dev.discovery.DropReason;
import dev.discovery.internal.wire.DroppedDatagram;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may enter the table, and who leaves to make room, so that a crowd of newcomers never crowds out the nodes the
 * table already trusts. A node is <em>established</em> once heard {@value #PROOF_HEARINGS} times over at least one
 * hello interval, which a burst of forged hellos never is. Newcomers enter only while there is room (maxNodes,
 * maxTableBytes); they never evict anyone. Under pressure, once the table is half full by either bound, a newcomer also
 * needs its source address to hold fewer than {@value #MAX_UNPROVEN_PER_SOURCE} nodes not yet established, so that one
 * flooding address cannot take the room left; below that, a legitimate cluster behind one address (one host, a NAT,
 * pods on host networking) is never refused for sharing it. An established node that was removed (it missed hellos,
 * or left) is remembered for {@value #REMEMBERED_MILLIS} ms and re-enters established, as does an established node
 * whose advertisement grows: for them room is made by evicting the oldest nodes not yet established, then the newest
 * established ones of the address holding the most nodes (the flooding one).
 */
final class Admission {

    static final int PROOF_HEARINGS = 3;
    static final int MAX_UNPROVEN_PER_SOURCE = 256;
    static final long REMEMBERED_MILLIS = 60_000;

    private final NodeTable table;
    private final int maxNodes;
    private final long maxBytes;
    private final long helloInterval;
    private final Map<String, Long> removedEstablished = new LinkedHashMap<>(); // id -> removed at, oldest first
    private long established;

    Admission(NodeTable table, int maxNodes, long maxBytes, long helloInterval) {
        this.table = table;
        this.maxNodes = maxNodes;
        this.maxBytes = maxBytes;
        this.helloInterval = helloInterval;
    }

    /**
     * Lets a node not in the table enter ({@code peer} is its new, empty record with its footprint set): marks it
     * established if it was before, and returns the nodes removed to make room for it.
     *
     * @throws DroppedDatagram with the reason it may not enter
     */
    List<PeerRecord> enter(PeerRecord peer, String source, long now) throws DroppedDatagram {
        peer.firstHeard = now;
        Long removedAt = removedEstablished.remove(peer.id);
        if (removedAt != null && now - removedAt <= REMEMBERED_MILLIS) {
            List<PeerRecord> evicted = makeRoom(peer, 1, peer.footprint, peer.footprint);
            peer.establishedOrder = ++established;
            return evicted;
        }
        if (underPressure() && table.unprovenFrom(source) >= MAX_UNPROVEN_PER_SOURCE) {
            throw new DroppedDatagram(DropReason.SOURCE_LIMIT, source + " already has " + MAX_UNPROVEN_PER_SOURCE
                    + " nodes not yet established, and the table is half full");
        }
        if (table.size() >= maxNodes) {
            throw new DroppedDatagram(DropReason.TABLE_FULL, "table holds maxNodes=" + maxNodes);
        }
        if (table.bytes() + peer.footprint > maxBytes) {
            throw new DroppedDatagram(DropReason.OVER_BUDGET, "table holds about " + table.bytes()
                    + " bytes; this node's " + peer.footprint + " more would pass maxTableBytes=" + maxBytes);
        }
        return List.of();
    }

    /**
     * Lets a node in the table take a hello that changes its footprint; returns the nodes removed to make room.
     *
     * @throws DroppedDatagram when it does not fit: then nothing of the hello is taken
     */
    List<PeerRecord> resize(PeerRecord peer, long footprint) throws DroppedDatagram {
        long growth = footprint - peer.footprint;
        if (growth <= 0 || table.bytes() + growth <= maxBytes) {
            return List.of();
        }
        if (!peer.established()) {
            throw new DroppedDatagram(DropReason.OVER_BUDGET, "a node not yet established may not grow by " + growth
                    + " bytes past maxTableBytes=" + maxBytes);
        }
        return makeRoom(peer, 0, growth, footprint);
    }

    /** Counts a hello of a node in the table; the node becomes established once it has proven itself. */
    void heard(PeerRecord peer, long now) {
        peer.hearings++;
        if (!peer.established() && peer.hearings >= PROOF_HEARINGS && now - peer.firstHeard >= helloInterval) {
            table.establish(peer, ++established);
        }
    }

    /** Remembers an established node that left the table by itself, so that it may come back established. */
    void removed(PeerRecord peer, long now) {
        if (!peer.established()) {
            return;
        }
        removedEstablished.remove(peer.id);
        removedEstablished.put(peer.id, now);
        Iterator<Map.Entry<String, Long>> oldest = removedEstablished.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Long> entry = oldest.next();
            if (removedEstablished.size() <= maxNodes && now - entry.getValue() <= REMEMBERED_MILLIS) {
                break;
            }
            oldest.remove();
        }
    }

    void clear() {
        removedEstablished.clear();
    }

    /** Whether the table is half full, by nodes or by bytes: then room is scarce enough to share it out by address. */
    private boolean underPressure() {
        return table.size() >= maxNodes / 2 || table.bytes() >= maxBytes / 2;
    }

    /** Evicts until {@code keep}, entering or growing to {@code footprint}, fits; refuses if it cannot fit alone. */
    private List<PeerRecord> makeRoom(PeerRecord keep, int entering, long extraBytes, long footprint)
            throws DroppedDatagram {
        if (footprint > maxBytes) {
            throw new DroppedDatagram(DropReason.OVER_BUDGET, "one node of " + footprint
                    + " bytes would pass maxTableBytes=" + maxBytes);
        }
        List<PeerRecord> evicted = new ArrayList<>(0);
        while (table.size() + entering > maxNodes || table.bytes() + extraBytes > maxBytes) {
            PeerRecord victim = table.evictionCandidate(keep);
            if (victim == null) {
                break; // only the node itself is left; it fits, as checked above
            }
            table.remove(victim.id);
            evicted.add(victim);
        }
        return evicted;
    }
}
