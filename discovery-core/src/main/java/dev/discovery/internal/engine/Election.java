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
 * Rank is weight, then node id for equal weights: node-discover has no tie-break and equal weights leave it with two
 * permanent masters.
 */
public final class Election {

    public enum Decision { PROMOTE, DEMOTE, STAY }

    private Election() {
    }

    static int compare(double weightA, String idA, double weightB, String idB) {
        int byWeight = Double.compare(weightA, weightB);
        return byWeight != 0 ? byWeight : idA.compareTo(idB);
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

    /**
     * Whether the rule keeps a remote node's claim to be master: fewer than {@code mastersRequired} other masters (this
     * node among them when it is one) outrank it. A claim it does not keep is one its owner steps down from at its next
     * check, or a forged one.
     */
    static boolean keepsClaim(PeerRecord claimant, boolean selfMaster, double selfWeight, String selfId,
            Collection<PeerRecord> masters, int mastersRequired) {
        int higher = selfMaster && compare(selfWeight, selfId, claimant.weight, claimant.id) > 0 ? 1 : 0;
        for (PeerRecord other : masters) {
            if (other != claimant && other.master && other.outranks(claimant.weight, claimant.id)) {
                higher++;
            }
        }
        return higher < mastersRequired;
    }
}
