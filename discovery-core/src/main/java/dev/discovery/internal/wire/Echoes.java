package dev.discovery.internal.wire;

import java.util.ArrayDeque;

/**
 * The senders this node just began to hear, named back in its next datagrams. A node that started a moment ago cannot
 * tell from a timestamp alone whether a datagram of a peer whose clock runs behind its own is fresh or a capture
 * replayed from before it started; a datagram naming its sender id, which is random and new at each start, can only
 * have been sealed after the peer heard it, so it is fresh ({@link ReplayGuard}). Each sender is named in the next
 * {@value #TIMES} datagrams, at most {@value #PER_DATAGRAM} per datagram, taking turns.
 */
final class Echoes {

    static final int PER_DATAGRAM = 8;
    static final int TIMES = 5;
    /** With a key, senders cannot be forged: only as many as really started recently are ever pending. */
    private static final int MAX_PENDING = 1_024;

    private final ArrayDeque<long[]> pending = new ArrayDeque<>(); // {sender, times left}

    synchronized void add(long sender) {
        if (pending.size() < MAX_PENDING) {
            pending.add(new long[] {sender, TIMES});
        }
    }

    /** The senders to name in the next datagram, at most {@code room} of them. */
    synchronized long[] next(int room) {
        long[] senders = new long[Math.min(Math.min(room, PER_DATAGRAM), pending.size())];
        for (int i = 0; i < senders.length; i++) {
            long[] entry = pending.poll();
            senders[i] = entry[0];
            if (--entry[1] > 0) {
                pending.add(entry);
            }
        }
        return senders;
    }

    synchronized void clear() {
        pending.clear();
    }
}
