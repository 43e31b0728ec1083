package dev.tollgate.entitlements.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.entitlements.domain.EntitlementValue;
import java.math.BigDecimal;
import java.util.Map;

/**
 * OpenMeter's {@code EntitlementValue}. Unlike OpenMeter's v2 answer, {@code hasAccess: false} is written out rather
 * than left out, which reads the same to its SDKs and is plainer to everyone else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValueView(boolean hasAccess, BigDecimal balance, BigDecimal usage, BigDecimal overage,
        BigDecimal totalAvailableGrantAmount, String config) {

    /** OpenMeter's {@code CustomerAccess}. */
    public record Access(Map<String, ValueView> entitlements) {
    }

    static ValueView of(EntitlementValue v) {
        return new ValueView(v.hasAccess(), v.balance(), v.usage(), v.overage(), v.totalAvailableGrantAmount(),
                v.config());
    }
}
