package dev.tollgate.meters.aggregator;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Windows folded since the last write, together with the Kafka position each partition reached. The two are written in
 * one ClickHouse insert, so the stored windows always match the stored positions exactly.
 */
public final class WindowBatch {

    private final String id = UUID.randomUUID().toString();
    private final Map<WindowKey, WindowAccumulator> windows = new HashMap<>();
    private final Map<Integer, Long> nextOffsets = new HashMap<>();
    private long events;
    private long startedNanos;

    public String id() {
        return id;
    }

    WindowAccumulator window(WindowKey key) {
        return windows.computeIfAbsent(key, k -> new WindowAccumulator());
    }

    /** Records that the partition's record at {@code offset} is folded in, whether or not any meter matched it. */
    void advance(int partition, long offset) {
        if (events++ == 0) {
            startedNanos = System.nanoTime();
        }
        nextOffsets.merge(partition, offset + 1, Math::max);
    }

    public Map<WindowKey, WindowAccumulator> windows() {
        return windows;
    }

    public Map<Integer, Long> nextOffsets() {
        return nextOffsets;
    }

    public boolean isEmpty() {
        return events == 0;
    }

    public long events() {
        return events;
    }

    public long ageNanos() {
        return isEmpty() ? 0 : System.nanoTime() - startedNanos;
    }
}
