package dev.tollgate.shared.clickhouse;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Large insert buffers kept for reuse, up to a bound. Such a buffer waits through the young collections that run
 * while it fills or is sent; allocated afresh each time, every one of them would copy it and then promote it. What the
 * buffers in use need beyond the bound is left to the collector. Thread-safe: the thread that fills a buffer is not
 * always the one that frees it.
 */
public final class BoundedPool<T> {

    private final int capacity;
    private final Supplier<T> create;
    private final ArrayDeque<T> free = new ArrayDeque<>();

    /** @param capacity how many freed items to keep */
    public BoundedPool(int capacity, Supplier<T> create) {
        this.capacity = capacity;
        this.create = create;
    }

    /** A freed item if one is kept, else a new one. */
    public synchronized T take() {
        T item = free.pollLast();
        return item != null ? item : create.get();
    }

    /** Keeps an item the caller no longer uses (and has emptied), unless the pool is full. */
    public synchronized void give(T item) {
        if (free.size() < capacity) {
            free.addLast(item);
        }
    }

    public synchronized int pooled() {
        return free.size();
    }
}
