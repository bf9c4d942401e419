package dev.discovery.internal.wire;

import dev.discovery.DiscoveryOptions;

/**
 * How JSON text is wrapped into a datagram and back: plain, or encrypted with one of the schemes. A node seals from
 * one thread at a time (its outbox) and opens on its receive thread, so each direction keeps its own cipher; opening
 * is safe from several threads at once.
 */
public interface Framing {

    byte[] seal(byte[] json, long wallMillis);

    /** The JSON text inside a datagram, or a drop with the reason. */
    byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram;

    /**
     * The longest datagram that JSON text of {@code jsonLength} bytes can be sealed into, whatever the text: size checks
     * use it, so that a value accepted for one datagram fits every datagram it rides in (both roles of a hello, the
     * next cipher text).
     */
    int maxSealedLength(int jsonLength);

    /** The node starts (again) at this wall-clock time: a framing that refuses replays forgets what it heard. */
    default void start(long wallMillis) {
    }

    /**
     * Whether, since the last call, datagrams were refused for want of proof that their sender is live; a node that
     * sends no hellos then sends a probe, which peers answer by naming it.
     */
    default boolean awaitingProof() {
        return false;
    }

    static Framing forOptions(DiscoveryOptions options) {
        if (options.keys().isEmpty()) {
            return new PlainFraming();
        }
        return switch (options.encryption()) {
            case AES256_LEGACY -> new LegacyAesFraming(options.keys().get(0));
            case AES_256_GCM -> new GcmFraming(options.keys(), options.replayWindow().toMillis());
        };
    }

    /** Whether a datagram looks like plain JSON rather than ciphertext. */
    static boolean looksLikeJson(byte[] datagram) {
        for (byte b : datagram) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }
}
