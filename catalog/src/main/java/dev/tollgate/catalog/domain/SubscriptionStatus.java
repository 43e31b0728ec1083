package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * OpenMeter's subscription statuses, derived from the active period: scheduled before it, active during it with no
 * end set, canceled during it with an end set, inactive after it.
 */
public enum SubscriptionStatus {
    ACTIVE, INACTIVE, CANCELED, SCHEDULED;

    public static SubscriptionStatus of(Instant activeFrom, Instant activeTo, Instant now) {
        if (activeFrom.isAfter(now)) {
            return SCHEDULED;
        }
        if (activeTo == null) {
            return ACTIVE;
        }
        return activeTo.isAfter(now) ? CANCELED : INACTIVE;
    }

    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
