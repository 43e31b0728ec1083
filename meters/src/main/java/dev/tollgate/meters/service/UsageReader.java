package dev.tollgate.meters.service;

import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.MeterUsage;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads aggregated usage out of stored windows. */
public interface UsageReader {

    List<UsageRow> query(UsageQuery query);

    /** Every subject with usage of the meter, sorted. */
    List<String> subjects(Meter meter);

    /**
     * Per meter series, the subjects whose usage was written (by the aggregator or a backfill) at or after the
     * instant, to the second of the writer's clock, and the latest such write; one query for all the meters, which
     * share a namespace. A series without writes is left out.
     */
    Map<String, MeterUsage.Changes> changes(List<Meter> meters, Instant writtenFrom);

    /** The non-empty values the group-by key took, sorted; from and to may be null. */
    List<String> groupValues(Meter meter, String key, Instant from, Instant to);
}
