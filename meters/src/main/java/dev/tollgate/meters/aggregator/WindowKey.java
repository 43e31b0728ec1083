package dev.tollgate.meters.aggregator;

import java.util.List;

/** Identifies one stored window: a meter's usage by one subject in one UTC minute for one set of group values. */
public record WindowKey(String namespace, String meterId, String subject, long windowStartEpochSecond,
        List<String> groupKeys, List<String> groupValues) {
}
