package dev.tollgate.meters.aggregator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live meters at one moment, compiled and indexed by namespace and event type. The aggregator folds a whole poll
 * with one set, so that the position from which it folds a new meter is exact (see {@link UsageAggregator}).
 *
 * @param seriesIds the window series of every live meter generation
 */
public record MeterSet(Map<String, Map<String, List<CompiledMeter>>> byNamespaceAndType, Set<String> seriesIds) {

    public List<CompiledMeter> meters(String namespace, String eventType) {
        return byNamespaceAndType.getOrDefault(namespace, Map.of()).getOrDefault(eventType, List.of());
    }
}
