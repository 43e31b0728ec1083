package dev.tollgate.meters.domain;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a meter measures: events of one type, folded by an aggregation over a value found at a JSONPath in the event's
 * data, grouped by further JSONPaths.
 *
 * @param groupBy group key to JSONPath, sorted by key so that stored windows list keys in a stable order
 */
public record Meter(String id, String namespace, String slug, String name, String description,
        Aggregation aggregation, String eventType, Instant eventFrom, String valueProperty,
        SortedMap<String, String> groupBy, Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
}
