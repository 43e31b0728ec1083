package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;

/**
 * A usage level at which a quota notification fires, in the shape of OpenMeter's notification rule thresholds:
 * {@code PERCENT} of the entitlement's allowance (above 100 for overage) or a {@code NUMBER} of units.
 */
public record UsageThreshold(String type, @JsonSerialize(using = RateCardJson.PlainNumber.class) BigDecimal value) {

    public static final String PERCENT = "PERCENT";
    public static final String NUMBER = "NUMBER";
}
