package dev.tollgate.meters.api;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a meter measures: events of one type, folded by an aggregation over a value found at a JSONPath in the event's
 * data, grouped by further JSONPaths.
 *
 * @param groupBy group key to JSONPath, sorted by key so that stored windows list keys in a stable order
 * @param generation bumped by every change that alters stored windows; each generation has its own window series
 * @param deletedAt null while the meter is live
 */
public record Meter(String id, String namespace, String slug, String name, String description,
        Aggregation aggregation, String eventType, Instant eventFrom, String valueProperty,
        SortedMap<String, String> groupBy, Map<String, String> metadata, int generation, Instant createdAt,
        Instant updatedAt, Instant deletedAt) {

    /** The id under which this generation's windows are stored: the meter id itself for the first generation. */
    public String seriesId() {
        return seriesId(id, generation);
    }

    public static String seriesId(String meterId, int generation) {
        return generation == 1 ? meterId : meterId + ".g" + generation;
    }
}
