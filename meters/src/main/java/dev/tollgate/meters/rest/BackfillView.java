package dev.tollgate.meters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.meters.domain.Backfill;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** A meter's latest backfill; {@code progress} is the share of hours of event time folded, 0 to 1. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackfillView(String meterId, int generation, String status, BigDecimal progress, int hoursTotal,
        int hoursDone, long eventsRead, String detail, Instant createdAt, Instant updatedAt) {

    static BackfillView of(Backfill b) {
        BigDecimal progress = b.status() == Backfill.Status.DONE ? BigDecimal.ONE
                : b.hoursTotal() == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(b.hoursDone()).divide(BigDecimal.valueOf(b.hoursTotal()), 4,
                        RoundingMode.DOWN);
        return new BackfillView(b.meterId(), b.generation(), b.status().name(), progress, b.hoursTotal(),
                b.hoursDone(), b.eventsRead(), b.detail(), b.createdAt(), b.updatedAt());
    }
}
