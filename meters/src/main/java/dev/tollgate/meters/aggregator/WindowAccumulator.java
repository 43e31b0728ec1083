package dev.tollgate.meters.aggregator;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything any aggregation needs from one window, kept so that windows written separately (by other batches, by late
 * events) still merge exactly: sums and counts add, minimums and maximums compare, the latest value goes by event time,
 * and distinct values are kept as a set rather than a count.
 */
public final class WindowAccumulator {

    private BigDecimal sum = BigDecimal.ZERO;
    private long count;
    private BigDecimal min;
    private BigDecimal max;
    private long latestAtMillis = Long.MIN_VALUE;
    private BigDecimal latestValue = BigDecimal.ZERO;
    private final Set<String> distinct = new LinkedHashSet<>();

    void add(BigDecimal value, long eventTimeMillis) {
        sum = sum.add(value);
        count++;
        min = min == null || value.compareTo(min) < 0 ? value : min;
        max = max == null || value.compareTo(max) > 0 ? value : max;
        if (eventTimeMillis >= latestAtMillis) {
            latestAtMillis = eventTimeMillis;
            latestValue = value;
        }
    }

    void addDistinct(String value, long eventTimeMillis) {
        distinct.add(value);
        count++;
        if (eventTimeMillis >= latestAtMillis) {
            latestAtMillis = eventTimeMillis;
        }
    }

    public BigDecimal sum() {
        return sum;
    }

    public long count() {
        return count;
    }

    public BigDecimal min() {
        return min == null ? BigDecimal.ZERO : min;
    }

    public BigDecimal max() {
        return max == null ? BigDecimal.ZERO : max;
    }

    public long latestAtMillis() {
        return latestAtMillis;
    }

    public BigDecimal latestValue() {
        return latestValue;
    }

    public Set<String> distinct() {
        return distinct;
    }
}
