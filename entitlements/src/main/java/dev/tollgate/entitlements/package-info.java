/**
 * Entitlements and quota notifications (webhooks at usage thresholds), driven by the catalog. Not built yet.
 */
package dev.tollgate.entitlements;
