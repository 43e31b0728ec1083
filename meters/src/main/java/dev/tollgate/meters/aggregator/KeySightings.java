package dev.tollgate.meters.aggregator;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * The keys of the events a batch counted, each with its Kafka position and the day it was ingested, in parallel
 * arrays. A batch holds tens of thousands of them from the first record folded until the batch is written, longer than
 * young collections are apart under load; as a sighting, a key and a day object each they were a fifth of the bytes
 * promoted to the old generation under sustained ingest (docs/performance.md, "promotions"). As arrays they are five
 * objects, however many events the batch counted.
 */
public final class KeySightings {

    private static final int INITIAL_CAPACITY = 1024;

    private long[] hi = new long[INITIAL_CAPACITY];
    private long[] lo = new long[INITIAL_CAPACITY];
    private long[] offset = new long[INITIAL_CAPACITY];
    private int[] partition = new int[INITIAL_CAPACITY];
    private long[] epochDay = new long[INITIAL_CAPACITY];
    private int size;

    void add(EventKey key, int partition, long offset, LocalDate day) {
        if (size == hi.length) {
            int capacity = size * 2;
            hi = Arrays.copyOf(hi, capacity);
            lo = Arrays.copyOf(lo, capacity);
            this.offset = Arrays.copyOf(this.offset, capacity);
            this.partition = Arrays.copyOf(this.partition, capacity);
            epochDay = Arrays.copyOf(epochDay, capacity);
        }
        hi[size] = key.hi();
        lo[size] = key.lo();
        this.offset[size] = offset;
        this.partition[size] = partition;
        epochDay[size] = day.toEpochDay();
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long keyHi(int i) {
        return hi[check(i)];
    }

    public long keyLo(int i) {
        return lo[check(i)];
    }

    public int partition(int i) {
        return partition[check(i)];
    }

    public long offset(int i) {
        return offset[check(i)];
    }

    /** The day the i-th event was ingested, as days since 1970-01-01 (what {@link LocalDate#toEpochDay()} gives). */
    public long epochDay(int i) {
        return epochDay[check(i)];
    }

    /** The i-th sighting as an object, for callers that look at a few. */
    public KeySighting get(int i) {
        check(i);
        return new KeySighting(new EventKey(hi[i], lo[i]), partition[i], offset[i], LocalDate.ofEpochDay(epochDay[i]));
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("sighting " + i + " of " + size);
        }
        return i;
    }
}
