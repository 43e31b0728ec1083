package dev.tollgate.meters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.meters.domain.UsageRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code MeterQueryResult}: the request's range and window size echoed back, and the rows. */
public record MeterQueryResult(@JsonInclude(JsonInclude.Include.NON_NULL) Instant from,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant to,
        @JsonInclude(JsonInclude.Include.NON_NULL) String windowSize,
        List<Row> data) {

    /**
     * {@code subject} is always present, null when the query does not split by subject; {@code customerId} only when
     * the query filters by customer, as in OpenMeter.
     */
    public record Row(BigDecimal value, Instant windowStart, Instant windowEnd,
            @JsonInclude(JsonInclude.Include.ALWAYS) String subject,
            @JsonInclude(JsonInclude.Include.NON_NULL) String customerId, Map<String, String> groupBy) {

        static Row of(UsageRow row) {
            return new Row(row.value().stripTrailingZeros(), row.windowStart(), row.windowEnd(), row.subject(),
                    row.customerId(), row.groupBy());
        }
    }
}
