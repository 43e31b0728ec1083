package dev.tollgate.entitlements.access;

import java.math.BigDecimal;

/**
 * The answer to "may this subject use this feature now?", with what a gateway shows its client.
 *
 * @param status 200 allowed, 403 no entitlement (or an unknown subject, by default), 429 a hard limit reached, 503
 *     while the view is first built
 * @param remaining the balance left now, for {@code RateLimit}'s r; null unless metered
 * @param quota the period's grants, for {@code RateLimit-Policy}'s q; null unless metered
 * @param windowSeconds the usage period's length; 0 unless metered
 * @param resetSeconds seconds until the usage period resets; 0 unless metered
 */
public record AccessDecision(int status, String featureKey, String customerId, String entitlementId,
        boolean hasAccess, BigDecimal remaining, BigDecimal quota, long windowSeconds, long resetSeconds,
        String reason) {

    static AccessDecision denied(String featureKey, String customerId, String reason) {
        return new AccessDecision(403, featureKey, customerId, null, false, null, null, 0, 0, reason);
    }
}
