package dev.tollgate.meters.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One answer row: the meter's value in one window for one subject and one combination of group values.
 *
 * @param customerId the customer whose subjects the row sums, when the query filters by customer; else null
 */
public record UsageRow(BigDecimal value, Instant windowStart, Instant windowEnd, String subject,
        Map<String, String> groupBy, String customerId) {
}
