package dev.discovery.internal.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses authenticated datagrams seen before: too old or too far in the future for the window, or a sequence number
 * already accepted from that sender. Per sender it keeps the highest sequence number and a 64-bit bitmap of the ones
 * just below it, so reordering within 64 datagrams is tolerated. At most {@value #MAX_SENDERS} senders are tracked
 * (least recently heard evicted); past that, the timestamp window is what still stops a replay. Thread-safe: datagrams
 * are authenticated outside the engine's lock.
 */
public final class ReplayGuard {

    public static final int MAX_SENDERS = 65_536;

    private final long windowMillis;
    private final Map<Long, long[]> senders = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
            return size() > MAX_SENDERS;
        }
    };

    ReplayGuard(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Null when the datagram is fresh (and records it), else why it is refused. */
    synchronized String check(long sender, long sequence, long sentAtMillis, long nowMillis) {
        if (Math.abs(nowMillis - sentAtMillis) > windowMillis) {
            return "sent " + (nowMillis - sentAtMillis) + " ms ago, outside the replay window of " + windowMillis + " ms";
        }
        long[] state = senders.get(sender); // {highest sequence, bitmap of highest-1 .. highest-64}
        if (state == null) {
            senders.put(sender, new long[] {sequence, 0});
            return null;
        }
        long highest = state[0];
        if (sequence > highest) {
            long shift = sequence - highest;
            state[1] = shift > 64 ? 0 : shift == 64 ? 1L << 63 : (state[1] << shift) | (1L << (shift - 1));
            state[0] = sequence;
            return null;
        }
        long age = highest - sequence;
        if (age == 0 || age > 64) {
            return "sequence " + sequence + " already seen from this sender";
        }
        long bit = 1L << (age - 1);
        if ((state[1] & bit) != 0) {
            return "sequence " + sequence + " already seen from this sender";
        }
        state[1] |= bit;
        return null;
    }
}
