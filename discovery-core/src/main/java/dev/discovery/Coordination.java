package dev.discovery;

/**
 * What a node announces about master-only work and keys, in its hellos (a field that node-discover peers carry along
 * without reading it). A node-discover peer announces nothing: it reads as {@link #NONE}.
 *
 * @param highestTerm   the highest lead term this node has seen, its own included; terms only ever grow
 * @param leadTerm      the term of the lead this node holds now, 0 when it leads nothing
 * @param leadCandidate whether this node has master-only work, so may lead it
 * @param settled       whether this node has heard the cluster since it started: only then do the others hand it keys
 */
public record Coordination(long highestTerm, long leadTerm, boolean leadCandidate, boolean settled) {

    /** A peer that announces nothing: no term, no master-only work, settled (it never waits). */
    public static final Coordination NONE = new Coordination(0, 0, false, true);

    /** Whether this node leads now. */
    public boolean leads() {
        return leadTerm > 0;
    }
}
