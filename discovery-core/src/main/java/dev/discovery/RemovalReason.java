package dev.discovery;

/** Why a node left the table. */
public enum RemovalReason {
    /** Nothing was heard from it within nodeTimeout (masterTimeout for a master). */
    TIMED_OUT,
    /** It said goodbye when it stopped. */
    LEFT,
    /**
     * The table was full (maxNodes or maxTableBytes) and room was made for an established node: the entries evicted
     * first are those not yet established, then the newest established ones of the busiest source address.
     */
    EVICTED,
    /**
     * Traffic to it failed and it answered no probe within the suspicion bound: neither this node's own, nor, where this
     * node began the check, those of the members it asked ({@code Discovery.reportUnreachable}).
     */
    SUSPECTED
}
