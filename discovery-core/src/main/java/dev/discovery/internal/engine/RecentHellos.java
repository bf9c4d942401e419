package dev.discovery.internal.engine;

import java.util.Arrays;

/**
 * The last hellos this node sent, exactly as they left, to tell its own hellos coming back (broadcast and multicast
 * loop them back) from hellos that only carry its id: those come from another node with the same id, or from someone
 * forging it. A forged copy of a hello we did send is harmless, so bytes are enough to tell them apart.
 */
final class RecentHellos {

    /** Own hellos come back within milliseconds; this many cover several hello intervals, state changes included. */
    private static final int KEPT = 16;

    private final byte[][] sent = new byte[KEPT][];
    private int next;

    synchronized void sent(byte[] datagram) {
        if (sent[(next + KEPT - 1) % KEPT] == datagram) {
            return; // the cached hello again: plain hellos are the same array while nothing changes
        }
        sent[next] = datagram;
        next = (next + 1) % KEPT;
    }

    synchronized boolean contains(byte[] datagram) {
        for (byte[] hello : sent) {
            if (hello != null && Arrays.equals(hello, datagram)) {
                return true;
            }
        }
        return false;
    }

    synchronized void clear() {
        Arrays.fill(sent, null);
    }
}
