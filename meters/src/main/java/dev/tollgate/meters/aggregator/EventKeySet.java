package dev.tollgate.meters.aggregator;

import java.util.Arrays;

/**
 * A set of event keys in open addressing over two {@code long} arrays. The deduplicator keeps every key of the batch
 * being built and of the batch being written; in a {@code HashSet} each cost a node kept alive with its key for as long
 * as the batch, which young collections copied and then promoted, batch after batch. Cleared sets keep their table,
 * so a steady load allocates nothing here.
 */
final class EventKeySet {

    private static final int INITIAL_CAPACITY = 1024;

    private long[] hi = new long[INITIAL_CAPACITY];
    private long[] lo = new long[INITIAL_CAPACITY];
    private boolean[] used = new boolean[INITIAL_CAPACITY];
    private int size;

    /** @return whether the key was not in the set */
    boolean add(EventKey key) {
        return add(key.hi(), key.lo());
    }

    private boolean add(long keyHi, long keyLo) {
        // Half full at most, so that probes stay short.
        if ((size + 1) * 2 > used.length) {
            grow();
        }
        int mask = used.length - 1;
        for (int i = slot(keyHi, keyLo, mask); ; i = (i + 1) & mask) {
            if (!used[i]) {
                used[i] = true;
                hi[i] = keyHi;
                lo[i] = keyLo;
                size++;
                return true;
            }
            if (hi[i] == keyHi && lo[i] == keyLo) {
                return false;
            }
        }
    }

    boolean contains(EventKey key) {
        if (size == 0) {
            return false;
        }
        int mask = used.length - 1;
        for (int i = slot(key.hi(), key.lo(), mask); used[i]; i = (i + 1) & mask) {
            if (hi[i] == key.hi() && lo[i] == key.lo()) {
                return true;
            }
        }
        return false;
    }

    void addAll(EventKeySet other) {
        for (int i = 0; i < other.used.length; i++) {
            if (other.used[i]) {
                add(other.hi[i], other.lo[i]);
            }
        }
    }

    /** Empties the set and keeps its table for the next batch. */
    void clear() {
        if (size > 0) {
            Arrays.fill(used, false);
            size = 0;
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Keys are SHA-256 bits, already uniform: mixing both halves is hash enough. */
    private static int slot(long keyHi, long keyLo, int mask) {
        long h = keyHi ^ keyLo;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        boolean[] oldUsed = used;
        int capacity = used.length * 2;
        hi = new long[capacity];
        lo = new long[capacity];
        used = new boolean[capacity];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                add(oldHi[i], oldLo[i]);
            }
        }
    }
}
