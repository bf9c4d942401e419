package dev.discovery.internal.wire;

import java.util.Arrays;

/**
 * The {@link ReplayGuard}'s per-sender state, least recently looked up first, in primitive arrays: what a
 * {@code LinkedHashMap<Long, long[]>} in access order did, without a boxed key, a map entry and an array per sender.
 * With many senders (a flood of authenticated datagrams from new senders, or the JMH benchmark) the map's insertion
 * and eviction per datagram were the guard's cost; here both reuse the evicted sender's slot. Not thread-safe: the
 * guard holds its lock.
 *
 * <p>Each sender has an entry (an index into the arrays) and three longs the guard reads and writes. Entries are found
 * by an open-addressing table (linear probing, backward-shift deletion) and linked in a doubly linked list, eldest
 * first; a lookup moves its entry to the end, as an access-ordered map does.
 */
final class SenderStates {

    private static final int NONE = -1;

    private final int maxEntries;
    private int size;
    private long[] keys;
    /** The guard's three longs per entry: highest sequence, bitmap below it, first sequence known sent since start. */
    private long[] values;
    private int[] previous;
    private int[] next;
    private int eldest = NONE;
    private int newest = NONE;
    /** Entry index + 1 per slot, 0 when the slot is free; twice the entries' capacity, so at most half full. */
    private int[] slots;

    SenderStates(int maxEntries) {
        this.maxEntries = maxEntries;
        allocate(Math.min(16, maxEntries));
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        eldest = NONE;
        newest = NONE;
        Arrays.fill(slots, 0);
    }

    /** The sender's entry, now the most recently used, or -1 when it is not tracked. */
    int find(long key) {
        int mask = slots.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                return NONE;
            }
            if (keys[entry] == key) {
                moveToNewest(entry);
                return entry;
            }
        }
    }

    /**
     * Tracks a sender not tracked yet, as the most recently used, evicting the least recently used one when full.
     * Returns its entry.
     */
    int add(long key, long highest, long bitmap, long firstSince) {
        int entry;
        if (size == maxEntries) {
            entry = eldest;
            removeSlotOf(keys[entry]);
            unlink(entry);
        } else {
            if (size == keys.length) {
                allocate(Math.min(keys.length * 2, maxEntries));
            }
            entry = size++;
        }
        keys[entry] = key;
        values[3 * entry] = highest;
        values[3 * entry + 1] = bitmap;
        values[3 * entry + 2] = firstSince;
        insertSlot(entry);
        linkNewest(entry);
        return entry;
    }

    long highest(int entry) {
        return values[3 * entry];
    }

    long bitmap(int entry) {
        return values[3 * entry + 1];
    }

    long firstSince(int entry) {
        return values[3 * entry + 2];
    }

    void set(int entry, long highest, long bitmap, long firstSince) {
        values[3 * entry] = highest;
        values[3 * entry + 1] = bitmap;
        values[3 * entry + 2] = firstSince;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void allocate(int capacity) {
        keys = keys == null ? new long[capacity] : Arrays.copyOf(keys, capacity);
        values = values == null ? new long[3 * capacity] : Arrays.copyOf(values, 3 * capacity);
        previous = previous == null ? new int[capacity] : Arrays.copyOf(previous, capacity);
        next = next == null ? new int[capacity] : Arrays.copyOf(next, capacity);
        slots = new int[Integer.highestOneBit(Math.max(1, capacity * 2 - 1)) << 1];
        for (int entry = 0; entry < size; entry++) {
            insertSlot(entry);
        }
    }

    private void insertSlot(int entry) {
        int mask = slots.length - 1;
        int slot = hash(keys[entry]) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = entry + 1;
    }

    private void removeSlotOf(long key) {
        int mask = slots.length - 1;
        int free = hash(key) & mask;
        while (keys[slots[free] - 1] != key) {
            free = (free + 1) & mask;
        }
        // Backward shift: move up every later entry of the run that may not stay behind the freed slot.
        for (int slot = (free + 1) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int home = hash(keys[slots[slot] - 1]) & mask;
            boolean homeAfterFree = free <= slot ? free < home && home <= slot : free < home || home <= slot;
            if (!homeAfterFree) {
                slots[free] = slots[slot];
                free = slot;
            }
        }
        slots[free] = 0;
    }

    private void moveToNewest(int entry) {
        if (entry != newest) {
            unlink(entry);
            linkNewest(entry);
        }
    }

    private void unlink(int entry) {
        int before = previous[entry];
        int after = next[entry];
        if (before == NONE) {
            eldest = after;
        } else {
            next[before] = after;
        }
        if (after == NONE) {
            newest = before;
        } else {
            previous[after] = before;
        }
    }

    private void linkNewest(int entry) {
        previous[entry] = newest;
        next[entry] = NONE;
        if (newest == NONE) {
            eldest = entry;
        } else {
            next[newest] = entry;
        }
        newest = entry;
    }
}
