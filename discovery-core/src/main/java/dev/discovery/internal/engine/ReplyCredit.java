package dev.discovery.internal.engine;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * What a node with seeds may send to an <em>unproven</em> address: one that said hello itself, that this node did not
 * choose (not a seed, not a candidate) and that has not answered a challenge yet. UDP lets anyone forge such a source,
 * so whatever goes there is an answer to a datagram from there: each datagram received earns one datagram back, and
 * nothing else does. So a forged source gets at most as many datagrams as the forger sent in its name, never more.
 *
 * <p>The first {@value #CHALLENGES} periodic datagrams an address can afford are challenges, which a real node answers
 * within a round trip (and is then proven, no longer rationed); the hello at once and an echo are always affordable,
 * since the hello or the challenge that asks for them earned them. An address that leaves its challenges unanswered
 * (a node-discover peer, which ignores them) gets hellos, one per datagram of its own.
 *
 * <p>Entries are the unproven members, each in the table: bounded by {@code maxNodes}.
 */
final class ReplyCredit {

    /** Challenges sent to an unproven address before it is taken for one that never answers them. */
    static final int CHALLENGES = 2;
    /** Credit saved beyond this is lost: an address silent for a while gets no burst. */
    private static final int MAX_CREDIT = 4;

    private static final class Account {
        int credit;
        int challenges;
    }

    private final Map<InetSocketAddress, Account> accounts = new HashMap<>();

    /** A datagram came from this unproven address: one more datagram may go back. */
    void heardFrom(InetSocketAddress address) {
        Account account = accounts.computeIfAbsent(address, a -> new Account());
        account.credit = Math.min(MAX_CREDIT, account.credit + 1);
    }

    /** Takes one datagram's credit for an answer (a hello at once, an echo); false, taking nothing, when none is left. */
    boolean answer(InetSocketAddress address) {
        return take(address, 0);
    }

    /**
     * Takes one datagram's credit for a periodic hello, leaving one for the challenge while challenges are still
     * due; false, taking nothing, otherwise.
     */
    boolean hello(InetSocketAddress address) {
        Account account = accounts.get(address);
        return account != null && take(address, account.challenges < CHALLENGES ? 1 : 0);
    }

    /** Takes one datagram's credit for a periodic challenge, if challenges are still due. */
    boolean challenge(InetSocketAddress address) {
        Account account = accounts.get(address);
        if (account == null || account.challenges >= CHALLENGES || !take(address, 0)) {
            return false;
        }
        account.challenges++;
        return true;
    }

    private boolean take(InetSocketAddress address, int kept) {
        Account account = accounts.get(address);
        if (account == null || account.credit <= kept) {
            return false;
        }
        account.credit--;
        return true;
    }

    /** The address answered a challenge, or left the table: no longer rationed here. */
    void forget(InetSocketAddress address) {
        accounts.remove(address);
    }

    void clear() {
        accounts.clear();
    }
}
