package dev.discovery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rendezvous (highest random weight) hashing over a set of node ids: a key belongs to the id that scores highest with
 * it. Every node computes the same owner from the same ids, and when one id joins or leaves only the keys it wins or
 * held change hands. The score function is part of the protocol: nodes that computed it differently would disagree on
 * owners, so it must never change.
 */
final class RendezvousHash {

    private final List<String> ids;
    private final long[] idHashes;

    RendezvousHash(List<String> ids) {
        this.ids = List.copyOf(ids);
        this.idHashes = new long[this.ids.size()];
        for (int i = 0; i < idHashes.length; i++) {
            // Mixed once more than a key's hash, so that a key equal to an id does not score zero with it.
            idHashes[i] = mix(hash(this.ids.get(i)) + 0x9E3779B97F4A7C15L);
        }
    }

    List<String> ids() {
        return ids;
    }

    /** The owner of {@code key}, or null when there are no ids; ties (never seen) go to the lower id. */
    @Nullable String owner(String key) {
        long keyHash = hash(key);
        int best = -1;
        long bestScore = 0;
        for (int i = 0; i < idHashes.length; i++) {
            long score = mix(keyHash ^ idHashes[i]);
            int byScore = Long.compareUnsigned(score, bestScore);
            if (best < 0 || byScore > 0 || (byScore == 0 && ids.get(i).compareTo(ids.get(best)) < 0)) {
                best = i;
                bestScore = score;
            }
        }
        return best < 0 ? null : ids.get(best);
    }

    /** FNV-1a over the UTF-8 bytes, then a full avalanche, so that similar strings ("key-1", "key-2") score apart. */
    private static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
