package dev.discovery.internal.engine;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * What a node with seeds may spend probing addresses it was only told about (candidates), so that whoever tells it
 * cannot make it send more than they send themselves. A candidate costs at most {@link #cost} datagrams: a hello and a
 * challenge at once and with every hello until its timeout. Two budgets must both allow it:
 * <ul>
 *   <li>per source <em>address</em> (the IP, whatever the port: sockets are cheap, so K sockets on one host are one
 *       source): {@value #START} candidates at first, then one per {@value #EARN_RATE} × cost datagrams received from
 *       that address. So what the victim sends to addresses it was only told about stays below a quarter of what the
 *       teller sent, beyond the start;</li>
 *   <li>in all: at most {@value #GLOBAL} candidates at once, {@value #GLOBAL_REFILL} more per hello interval, whatever
 *       the number of sources.</li>
 * </ul>
 * A candidate that answers (a hello from it) was worth probing: its cost is given back to both. So a node joining a
 * live cluster is hardly slowed, while addresses that never answer exhaust the budget of whoever named them.
 *
 * <p>Sources with a full budget are not stored; the others are at most the sources heard, each a member.
 */
final class ProbeBudget {

    static final int START = 2;
    static final int EARN_RATE = 4;
    static final int GLOBAL = 32;
    static final int GLOBAL_REFILL = 4;

    /** Datagrams one candidate may cost. */
    private final int cost;
    /** The most datagrams a source's credit holds, in datagrams received from it. */
    private final int full;
    /** Per source address, datagrams received and not yet spent; absent means full. */
    private final Map<InetAddress, Integer> credit = new HashMap<>();
    private int global = GLOBAL;

    ProbeBudget(long nodeTimeout, long helloInterval) {
        this.cost = 2 * (1 + (int) ((nodeTimeout + helloInterval - 1) / helloInterval));
        this.full = START * EARN_RATE * cost;
    }

    /** A datagram came from this address: a little more it may name. */
    void heardFrom(InetAddress source) {
        credit.computeIfPresent(source, (a, c) -> c + 1 >= full ? null : c + 1);
    }

    /** Takes one candidate named by {@code source} from both budgets; false, taking nothing, when either is spent. */
    boolean spend(InetAddress source) {
        int available = credit.getOrDefault(source, full);
        if (global == 0 || available < EARN_RATE * cost) {
            return false;
        }
        global--;
        credit.put(source, available - EARN_RATE * cost);
        return true;
    }

    /** A candidate {@code source} named answered: its cost goes back to both budgets. */
    void answered(InetAddress source) {
        global = Math.min(GLOBAL, global + 1);
        credit.computeIfPresent(source, (a, c) -> c + EARN_RATE * cost >= full ? null : c + EARN_RATE * cost);
    }

    /** A hello interval passed. */
    void refill() {
        global = Math.min(GLOBAL, global + GLOBAL_REFILL);
    }

    void clear() {
        credit.clear();
        global = GLOBAL;
    }
}
