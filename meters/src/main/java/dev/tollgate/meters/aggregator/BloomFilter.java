package dev.tollgate.meters.aggregator;

/**
 * A fixed-size Bloom filter over {@link EventKey}s. The keys are already uniform hashes, so the probe positions come
 * from them directly by double hashing (Kirsch and Mitzenmacher), with no further hashing.
 */
final class BloomFilter {

    private final long[] bits;
    private final int hashes;
    private final int capacity;
    private int size;

    /** Sized for {@code capacity} keys at about a 1 % false-positive rate (9.6 bits and 7 probes per key). */
    BloomFilter(int capacity) {
        this.capacity = capacity;
        long bitCount = Math.max(64, (long) Math.ceil(capacity * 9.6));
        this.bits = new long[(int) ((bitCount + 63) / 64)];
        this.hashes = 7;
    }

    void add(EventKey key) {
        long bitCount = (long) bits.length * 64;
        for (int i = 0; i < hashes; i++) {
            long index = Math.floorMod(key.hi() + i * key.lo(), bitCount);
            bits[(int) (index >>> 6)] |= 1L << index;
        }
        size++;
    }

    boolean mightContain(EventKey key) {
        long bitCount = (long) bits.length * 64;
        for (int i = 0; i < hashes; i++) {
            long index = Math.floorMod(key.hi() + i * key.lo(), bitCount);
            if ((bits[(int) (index >>> 6)] & (1L << index)) == 0) {
                return false;
            }
        }
        return true;
    }

    boolean isFull() {
        return size >= capacity;
    }
}
