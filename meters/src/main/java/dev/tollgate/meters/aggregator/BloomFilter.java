package dev.tollgate.meters.aggregator;

/**
 * A fixed-size, blocked Bloom filter over {@link EventKey}s (Putze, Sanders and Singler 2007): each key's probes all
 * fall in one 512-bit block, one cache line, so an add or a look-up costs one cache miss instead of one per probe
 * (ten at 0.1 %), which made the filters a tenth of the consumers' CPU. The keys are already uniform hashes, so the
 * block and the probe positions come from them directly, with no further hashing.
 */
final class BloomFilter {

    private static final int BLOCK_WORDS = 8;
    private static final int BLOCK_BITS = BLOCK_WORDS * 64;
    /** A probe is 9 bits, a position in the block: seven of them per 64 mixed bits. */
    private static final int PROBES_PER_WORD = 7;

    private final long[] bits;
    private final int blocks;
    private final int hashes;
    private final int capacity;
    private int size;

    /** Sized for {@code capacity} keys at about a 1 % false-positive rate (7 probes per key). */
    BloomFilter(int capacity) {
        this(capacity, 0.01);
    }

    /**
     * Sized for {@code capacity} keys at most at the false-positive rate: log2(1/p) probes per key, and the
     * ln(1/p) / ln(2)² bits per key of a classic filter plus 2 % per probe, which is what it takes for a blocked
     * filter to err no more than a classic one, from 1 % down to one in a billion (its keys spread unevenly over the
     * blocks, and a crowded block errs more).
     */
    BloomFilter(int capacity, double falsePositiveRate) {
        this.capacity = capacity;
        this.hashes = (int) Math.ceil(Math.log(1 / falsePositiveRate) / Math.log(2));
        double bitsPerKey = Math.log(1 / falsePositiveRate) / (Math.log(2) * Math.log(2)) * (1 + 0.02 * hashes);
        long bitCount = (long) Math.ceil(capacity * bitsPerKey);
        this.blocks = (int) Math.max(1, (bitCount + BLOCK_BITS - 1) / BLOCK_BITS);
        this.bits = new long[blocks * BLOCK_WORDS];
    }

    void add(EventKey key) {
        int block = block(key);
        long probes = 0;
        for (int i = 0; i < hashes; i++) {
            probes = i % PROBES_PER_WORD == 0 ? probes(key, i) : probes >>> 9;
            int bit = (int) probes & (BLOCK_BITS - 1);
            bits[block + (bit >>> 6)] |= 1L << bit;
        }
        size++;
    }

    boolean mightContain(EventKey key) {
        int block = block(key);
        long probes = 0;
        for (int i = 0; i < hashes; i++) {
            probes = i % PROBES_PER_WORD == 0 ? probes(key, i) : probes >>> 9;
            int bit = (int) probes & (BLOCK_BITS - 1);
            if ((bits[block + (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    boolean isFull() {
        return size >= capacity;
    }

    /** The first word of the key's block, from the high half of the key. */
    private int block(EventKey key) {
        return (int) Long.remainderUnsigned(key.hi(), blocks) * BLOCK_WORDS;
    }

    /**
     * 64 bits for the next seven probes, 9 bits each, from the low half of the key: SplitMix64's mixing of the i-th
     * step past it, so that probes are independent of one another and of the block. (Double hashing, as a classic
     * filter does, repeats itself within a block of a power-of-two size.)
     */
    private static long probes(EventKey key, int i) {
        long z = key.lo() + (i / PROBES_PER_WORD + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
