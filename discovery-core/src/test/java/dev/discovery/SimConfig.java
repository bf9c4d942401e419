package dev.discovery;

import java.time.Duration;

/**
 * The fixed settings of a simulation run and the bounds its invariants are stated with.
 *
 * @param hosts           how many hosts (some are clients, except with seeds)
 * @param mastersRequired masters to elect
 * @param rounds          chaos-then-calm rounds
 * @param seeds           whether nodes find each other through a seed name instead of broadcast
 */
record SimConfig(int hosts, int mastersRequired, int rounds, boolean seeds) {

    static final long HELLO = 1_000;
    static final long CHECK = 2_000;
    static final long NODE_TIMEOUT = 4_000;
    /** Every delivery takes 1 to this many ms; up to this much reordering. */
    static final long MAX_DELAY = 50;
    /**
     * The loss the failure detector must tolerate without a false removal: hellos leave every HELLO ms, so with at
     * most this many lost in a row on a link the gap between two received hellos stays below
     * (MAX_LOSS_RUN + 1) * HELLO + MAX_DELAY, which must be under NODE_TIMEOUT.
     */
    static final int MAX_LOSS_RUN = (int) ((NODE_TIMEOUT - MAX_DELAY) / HELLO) - 1;
    // A link also carries the peer exchange (with seeds) and the suspicion protocol, whose datagrams would end a run of
    // lost hellos: so the network also loses at most MAX_LOSS_RUN datagrams per link in any MAX_LOSS_RUN hello
    // intervals, which bounds the gap alike (and lets one of a check's three copies through).
    /** The loss rate chaos may reach (within the run bound above). */
    static final double MAX_LOSS_RATE = 0.30;
    static final int SERVICES = 4;
    /** How far a host's wall clock may drift: any two stay within 20 s, inside the default 30 s replay window. */
    static final long MAX_CLOCK_OFFSET = 10_000;

    /** The name every node has as its only seed, in runs with seeds. */
    static final String SEED_NAME = "seeds.sim";
    /** How often nodes resolve the seed name again. */
    static final long SEED_REFRESH = 2_000;
    /** How many hosts of each connected group the seed name resolves to once the network calmed down. */
    static final int SEEDS_PER_GROUP = 3;

    /** Invariant 1 is checked this long after the network calmed down: one timeout to forget, one hello to learn. */
    static final long TABLES_EXACT_AFTER = NODE_TIMEOUT + HELLO;
    /** Invariant 2 is checked this much later still: one check for every node, and its hello to arrive. */
    static final long MASTERS_AGREED_AFTER = CHECK + MAX_DELAY;

    DiscoveryOptions.Builder options() {
        return DiscoveryOptions.builder()
                .hostName("sim")
                .helloInterval(Duration.ofMillis(HELLO))
                .checkInterval(Duration.ofMillis(CHECK))
                .nodeTimeout(Duration.ofMillis(NODE_TIMEOUT))
                .mastersRequired(mastersRequired)
                .seeds(seeds ? java.util.List.of(SEED_NAME) : java.util.List.of())
                .seedRefreshInterval(Duration.ofMillis(SEED_REFRESH));
    }
}
