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
        this(capacity, 0.01);
    }

    /**
     * Sized for {@code capacity} keys at the false-positive rate: ln(1/p) / ln(2)² bits and log2(1/p) probes per key
     * (14.4 bits and 10 probes for 0.1 %).
     */
    BloomFilter(int capacity, double falsePositiveRate) {
        this.capacity = capacity;
        double bitsPerKey = Math.log(1 / falsePositiveRate) / (Math.log(2) * Math.log(2));
        long bitCount = Math.max(64, (long) Math.ceil(capacity * bitsPerKey));
        this.bits = new long[(int) ((bitCount + 63) / 64)];
        this.hashes = (int) Math.ceil(Math.log(1 / falsePositiveRate) / Math.log(2));
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
