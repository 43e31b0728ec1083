package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A plan version's status, which OpenMeter derives from its effective period rather than storing it: a draft has no
 * {@code effectiveFrom}; it is active from then until {@code effectiveTo}, archived after, and scheduled before.
 */
public enum PlanStatus {
    DRAFT, ACTIVE, ARCHIVED, SCHEDULED;

    public static PlanStatus of(Instant effectiveFrom, Instant effectiveTo, Instant now) {
        if (effectiveFrom == null) {
            return DRAFT;
        }
        if (effectiveTo != null && !effectiveTo.isAfter(now)) {
            return ARCHIVED;
        }
        return effectiveFrom.isAfter(now) ? SCHEDULED : ACTIVE;
    }

    public static Optional<PlanStatus> fromApiName(String name) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(name)).findFirst();
    }

    /** OpenMeter's name, such as {@code active}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
