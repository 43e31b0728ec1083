package dev.tollgate.shared.roles;

/**
 * What a Tollgate process does. One build runs any of them; {@code tollgate.process.roles} (TOLLGATE_ROLES) says which,
 * all of them by default. Each scales on its own (docs/operations.md).
 */
public enum Role {
    /** The REST API (except the event endpoints) and the console; the access view behind entitlement checks. */
    API,
    /** The event endpoints: CloudEvents and Kong's log payloads onto the ingest topic. */
    INGEST,
    /** Folds the ingest topic into meter windows, and backfills new meters. Scales by Kafka partitions. */
    AGGREGATOR,
    /** Keeps the raw events for audit, the event browser and backfills. Scales by Kafka partitions. */
    ARCHIVER,
    /** Invoicing runs, Stripe sync, notification thresholds and delivery, and the finance cost rollup. */
    WORKER
}
