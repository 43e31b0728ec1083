package dev.tollgate.meters.service;

import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import java.util.List;

/** Reads aggregated usage out of stored windows. */
public interface UsageReader {

    List<UsageRow> query(UsageQuery query);
}
