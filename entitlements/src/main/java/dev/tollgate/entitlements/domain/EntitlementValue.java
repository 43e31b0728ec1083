package dev.tollgate.entitlements.domain;

import java.math.BigDecimal;

/**
 * OpenMeter's {@code EntitlementValue}: whether the customer has access now, and for metered entitlements the numbers
 * behind it. The numbers are null for boolean and static entitlements; {@code config} only for static ones.
 *
 * @param usage usage since the start of the current usage period
 * @param overage usage no grant has covered, carried while unpaid
 * @param totalAvailableGrantAmount what the period's grants held: what they covered plus what is left
 */
public record EntitlementValue(boolean hasAccess, BigDecimal balance, BigDecimal usage, BigDecimal overage,
        BigDecimal totalAvailableGrantAmount, String config) {

    public static final EntitlementValue NO_ACCESS = new EntitlementValue(false, null, null, null, null, null);

    public static EntitlementValue access(String config) {
        return new EntitlementValue(true, null, null, null, null, config);
    }
}
