package dev.discovery.internal.wire;

/**
 * Refuses authenticated datagrams seen before: too old or too far in the future for the window, or a sequence number
 * already accepted from that sender. Per sender it keeps the highest sequence number and a 64-bit bitmap of the ones
 * just below it, so reordering within 64 datagrams is tolerated. At most {@value #MAX_SENDERS} senders are tracked
 * (least recently heard evicted); past that, the timestamp window is what still stops a replay. Thread-safe: datagrams
 * are authenticated outside the engine's lock.
 *
 * <p>A node that just started has seen none of the sequence numbers a capture holds, so it also refuses what was sent
 * before it started: a datagram stamped more than {@value #START_TOLERANCE_MILLIS} ms before the start, unless it
 * comes after one known to be sent since: the first accepted from its sender, or one that named this node's sender id
 * ({@link Echoes}), which a peer whose clock runs behind ours sends within one hello of hearing us.
 */
public final class ReplayGuard {

    public static final int MAX_SENDERS = 65_536;
    /** Clock skew between hosts that needs no proof: datagrams sent this long before our start are still taken. */
    static final long START_TOLERANCE_MILLIS = 1_000;

    private final long windowMillis;
    private long startedAt = Long.MIN_VALUE;
    private boolean refusedBeforeStart;
    private final SenderStates senders = new SenderStates(MAX_SENDERS);

    ReplayGuard(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** A new start at this wall-clock time: every sender has to show again that what it sends is fresh. */
    synchronized void start(long wallMillis) {
        senders.clear();
        startedAt = wallMillis;
    }

    /** Whether a datagram was refused as sent before the start since the last call: a live peer may need a probe. */
    synchronized boolean takeRefusedBeforeStart() {
        boolean refused = refusedBeforeStart;
        refusedBeforeStart = false;
        return refused;
    }

    /**
     * What {@link #check} answers for a fresh datagram from a sender it did not track (new, or evicted since): one
     * lookup of the sender serves both questions, which with many senders is a cache miss saved per datagram.
     */
    static final String NEW_SENDER = "fresh, from a new sender";

    /**
     * Null when the datagram is fresh (and records it), {@link #NEW_SENDER} when it is fresh and its sender was not
     * tracked, else why it is refused.
     *
     * @param provesLive whether the datagram names this node's sender id, so was sealed after this node started
     */
    synchronized String check(long sender, long sequence, long sentAtMillis, long nowMillis, boolean provesLive) {
        if (Math.abs(nowMillis - sentAtMillis) > windowMillis) {
            return "sent " + (nowMillis - sentAtMillis) + " ms ago, outside the replay window of " + windowMillis + " ms";
        }
        // per sender: highest sequence, bitmap of highest-1 .. highest-64, first sequence known sent since our start
        int state = senders.find(sender);
        boolean beforeStart = startedAt != Long.MIN_VALUE && sentAtMillis < startedAt - START_TOLERANCE_MILLIS;
        if (beforeStart && !provesLive && (state < 0 || sequence < senders.firstSince(state))) {
            refusedBeforeStart = true;
            return "sent " + (startedAt - sentAtMillis) + " ms before this node started, and nothing since shows "
                    + "the sender is live";
        }
        if (state < 0) {
            senders.add(sender, sequence, 0, sequence);
            return NEW_SENDER;
        }
        long highest = senders.highest(state);
        long bitmap = senders.bitmap(state);
        long firstSince = provesLive && sequence < senders.firstSince(state) ? sequence : senders.firstSince(state);
        if (sequence > highest) {
            long shift = sequence - highest;
            bitmap = shift > 64 ? 0 : shift == 64 ? 1L << 63 : (bitmap << shift) | (1L << (shift - 1));
            senders.set(state, sequence, bitmap, firstSince);
            return null;
        }
        long age = highest - sequence;
        long bit = age == 0 || age > 64 ? 0 : 1L << (age - 1);
        if (bit == 0 || (bitmap & bit) != 0) {
            senders.set(state, highest, bitmap, firstSince);
            return "sequence " + sequence + " already seen from this sender";
        }
        senders.set(state, highest, bitmap | bit, firstSince);
        return null;
    }
}
