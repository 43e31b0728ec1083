package dev.tollgate.meters.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** One answer row: the meter's value in one window for one subject and one combination of group values. */
public record UsageRow(BigDecimal value, Instant windowStart, Instant windowEnd, String subject,
        Map<String, String> groupBy) {
}
