package dev.tollgate.entitlements.api;

import java.time.Instant;

/**
 * A CDI event fired synchronously inside the transaction of a manual reset, so that an observer's writes commit or roll
 * back with the reset (the notifications' outbox).
 */
public record EntitlementReset(String namespace, String entitlementId, Instant resetAt) {
}
