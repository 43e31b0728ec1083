package dev.tollgate.ingest.api;

import java.util.Map;

/**
 * Raw events of one type in one namespace that were read from the ingest topic before given positions: what a meter
 * backfill folds, because the live aggregator folds everything from those positions on.
 *
 * @param before per partition, the first offset <em>not</em> selected; partitions not listed are not selected
 */
public record RawEventSelection(String namespace, String type, String topic, Map<Integer, Long> before) {

    public RawEventSelection {
        before = Map.copyOf(before);
    }
}
