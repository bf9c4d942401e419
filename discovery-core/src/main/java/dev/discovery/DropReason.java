package dev.discovery;

/**
 * Why a received datagram was dropped, or (the last two) an address a peer list named was not probed; counted in
 * {@link DiscoveryStats}.
 */
public enum DropReason {
    /** Our own packet, or one from this JVM under {@link Ignore#PROCESS}: expected, not an error. */
    OWN,
    /** Not a JSON object (bad or truncated JSON, wrong encoding, too deeply nested). */
    MALFORMED,
    /** A JSON object whose fields have the wrong types, are missing or too long. */
    INVALID,
    /** Larger than one datagram may be, or JSON with more than 4,096 tokens (values, brackets and field names). */
    OVERSIZED,
    /** A message on a channel this node has not joined, or an event it does not know: not an error. */
    NOT_JOINED,
    /** Encrypted with a key we do not have, tampered with or truncated. */
    DECRYPT_FAILED,
    /** A plain datagram while a key is configured. */
    PLAINTEXT_REFUSED,
    /** An authenticated datagram seen before or older than the replay window. */
    REPLAYED,
    /** A hello from a new node while the table holds maxNodes nodes. */
    TABLE_FULL,
    /**
     * A datagram speaking for an id whose owner is elsewhere: a hello or goodbye carrying this node's own id that this
     * node did not send, a goodbye for a peer from another address than its hellos', or (without a key) a hello for a
     * peer from another address while its own address has been silent for less than nodeTimeout. Another node uses the
     * same id, or someone forges it: without keys, anyone on the network can.
     */
    ID_CONFLICT,
    /**
     * Decoding the datagram ran out of memory or stack (a JVM {@code Error}); the datagram is dropped and the receive
     * path goes on. Logged as an ERROR: the heap is too small for what the network sends.
     */
    RESOURCE_EXHAUSTED,
    /**
     * A hello that would take what the table holds past maxTableBytes: from a new node, or a larger advertisement from
     * a node not yet established.
     */
    OVER_BUDGET,
    /**
     * A hello from a new node while the table is half full (by maxNodes or maxTableBytes) and its source address
     * already has 256 nodes in the table not yet established: a flood from one address, not a cluster sharing it.
     */
    SOURCE_LIMIT,
    /**
     * An address a peer list named, not probed: probing addresses a node was only told about has a budget, per source
     * address and in all (docs/protocol.md, "Seeds and peer exchange"), and it was spent. Counted per address; not an
     * error (a node joining a large cluster may see a few), but many mean someone names addresses nobody answers at.
     */
    PROBE_BUDGET,
    /**
     * An address a peer list named that this node never sends to: broadcast, multicast, unspecified, loopback named by
     * a peer not on loopback, or outside the networks of this node's interfaces, of its seeds and of the option
     * {@code allowedNetworks}. Counted per address, logged as a WARN at most once per interval.
     */
    OUT_OF_SCOPE,
    /**
     * A message of the suspicion protocol ({@code discovery:ping}, {@code -alive}, {@code -check}, {@code -suspect})
     * refused: not from a member at the address its hellos come from, or a request over the bound per source or for
     * all sources.
     */
    PROBE_REFUSED;

    /** Whether this reason means bad data, reported as an event unless ignoreDataErrors is set. */
    public boolean isDataError() {
        // PROBE_BUDGET and OUT_OF_SCOPE are about addresses a valid datagram named: counted and logged, never an event
        // per address; PROBE_REFUSED is mostly a bound at work.
        return this != OWN && this != NOT_JOINED && this != PROBE_BUDGET && this != OUT_OF_SCOPE
                && this != PROBE_REFUSED;
    }
}
