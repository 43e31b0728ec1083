package dev.tollgate.meters.service;

import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import java.time.Instant;
import java.util.List;

/** Reads aggregated usage out of stored windows. */
public interface UsageReader {

    List<UsageRow> query(UsageQuery query);

    /** Every subject with usage of the meter, sorted. */
    List<String> subjects(Meter meter);

    /** The non-empty values the group-by key took, sorted; from and to may be null. */
    List<String> groupValues(Meter meter, String key, Instant from, Instant to);
}
