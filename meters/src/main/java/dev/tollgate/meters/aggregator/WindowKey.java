package dev.tollgate.meters.aggregator;

import java.util.List;

/**
 * Identifies one stored window: a meter's usage by one subject over one UTC-aligned span (a minute, an hour or a day)
 * for one set of group values. Every event is folded into all three spans; queries read the coarsest ones that fit.
 */
public record WindowKey(String namespace, String meterId, String subject, long windowStartEpochSecond,
        int windowSeconds, List<String> groupKeys, List<String> groupValues) {

    public static final int MINUTE = 60;
    public static final int HOUR = 3_600;
    public static final int DAY = 86_400;
    /** The spans every event is folded into, finest first. */
    public static final List<Integer> SPANS = List.of(MINUTE, HOUR, DAY);
}
