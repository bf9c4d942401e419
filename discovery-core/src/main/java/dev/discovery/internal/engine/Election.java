package dev.discovery.internal.engine;

import java.util.Collection;

/**
 * node-discover's election rule, made deterministic. Every node runs it on its own table and, given the same table,
 * every node reaches the same answer:
 * <ul>
 *   <li>a master steps down when at least {@code mastersRequired} other masters outrank it (this is how the surplus
 *       after a healed partition resolves, keeping the highest-ranked ones);</li>
 *   <li>an eligible non-master steps up when masters are missing and fewer eligible non-masters outrank it than there
 *       are masters missing (so with mastersRequired 3 the three best candidates all step up in one check, where
 *       node-discover promotes one per check).</li>
 * </ul>
 * Rank is weight, then node id for equal weights. node-discover has no tie-break: a master of equal weight never steps
 * down for another, so on a tie with a node-discover master (its hellos lack our {@code tieBreak} field) we rank it
 * higher whatever the ids, and step down for it; a mixed pair then ends with one master, not two for good. Between our
 * nodes the rule stays the id, so every one of them reaches the same answer from the same table.
 */
public final class Election {

    public enum Decision { PROMOTE, DEMOTE, STAY }

    private Election() {
    }

    /**
     * How node A ranks against node B (this node, which breaks ties by id).
     *
     * @param aTiesById false for a master whose hellos lack the field (node-discover): it wins every tie. A non-master
     *                  without the field is ranked by id, so that one of our nodes from before the field (which breaks
     *                  ties by id but does not say so) and a newer one still end with exactly one master.
     */
    static int compare(double weightA, String idA, boolean aTiesById, double weightB, String idB) {
        int byWeight = Double.compare(weightA, weightB);
        if (byWeight != 0) {
            return byWeight;
        }
        return aTiesById ? idA.compareTo(idB) : 1;
    }

    public static Decision decide(boolean master, boolean eligible, double weight, String id,
                           Collection<PeerRecord> peers, int mastersRequired) {
        int masters = 0;
        int higherMasters = 0;
        int higherCandidates = 0;
        for (PeerRecord peer : peers) {
            boolean higher = peer.outranks(weight, id);
            if (peer.master) {
                masters++;
                if (higher) {
                    higherMasters++;
                }
            } else if (peer.masterEligible && higher) {
                higherCandidates++;
            }
        }
        if (master) {
            return higherMasters >= mastersRequired ? Decision.DEMOTE : Decision.STAY;
        }
        if (eligible && masters < mastersRequired && higherCandidates < mastersRequired - masters) {
            return Decision.PROMOTE;
        }
        return Decision.STAY;
    }
}
