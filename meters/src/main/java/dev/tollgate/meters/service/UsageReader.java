package dev.tollgate.meters.service;

import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.MeterUsage;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import java.time.Instant;
import java.util.List;

/** Reads aggregated usage out of stored windows. */
public interface UsageReader {

    List<UsageRow> query(UsageQuery query);

    /** Every subject with usage of the meter, sorted. */
    List<String> subjects(Meter meter);

    /**
     * The subjects whose usage of the meter was written (by the aggregator or a backfill) at or after the instant, to
     * the second of the writer's clock, and the latest such write.
     */
    MeterUsage.Changes changes(Meter meter, Instant writtenFrom);

    /** The non-empty values the group-by key took, sorted; from and to may be null. */
    List<String> groupValues(Meter meter, String key, Instant from, Instant to);
}
