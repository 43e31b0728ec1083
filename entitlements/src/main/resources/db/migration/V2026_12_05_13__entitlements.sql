-- Entitlements, grants and manual resets (docs/entitlements.md). Balances are never stored: the credit engine
-- recomputes them from grants, resets and the meter windows, so a backdated grant or a late event changes the answer.

CREATE TABLE entitlements (
    id                          VARCHAR(26)   PRIMARY KEY,
    namespace                   VARCHAR(64)   NOT NULL,
    customer_id                 VARCHAR(26)   NOT NULL,
    feature_id                  VARCHAR(26)   NOT NULL,
    feature_key                 VARCHAR(64)   NOT NULL,
    -- The feature's meter and filters when it was made: features never change, so the copy stays exact.
    meter_slug                  VARCHAR(64),
    meter_group_by_filters      JSONB         NOT NULL DEFAULT '{}',
    type                        VARCHAR(16)   NOT NULL CHECK (type IN ('metered', 'static', 'boolean')),
    metadata                    JSONB         NOT NULL DEFAULT '{}',
    annotations                 JSONB         NOT NULL DEFAULT '{}',
    config                      TEXT,
    usage_period_interval       VARCHAR(64),
    usage_period_anchor         TIMESTAMPTZ,
    measure_usage_from          TIMESTAMPTZ,
    is_soft_limit               BOOLEAN       NOT NULL DEFAULT FALSE,
    preserve_overage_at_reset   BOOLEAN       NOT NULL DEFAULT FALSE,
    issue_after_reset           NUMERIC,
    issue_after_reset_priority  SMALLINT,
    -- Set when a subscription made it from its plan's entitlement template; such entitlements change only with it.
    subscription_id             VARCHAR(26),
    subscription_phase_key      VARCHAR(64),
    subscription_item_key       VARCHAR(64),
    active_from                 TIMESTAMPTZ   NOT NULL,
    active_to                   TIMESTAMPTZ,
    deleted_at                  TIMESTAMPTZ,
    created_at                  TIMESTAMPTZ   NOT NULL,
    updated_at                  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX entitlements_customer_feature ON entitlements (namespace, customer_id, feature_key, active_from);
CREATE INDEX entitlements_namespace ON entitlements (namespace, created_at);
CREATE INDEX entitlements_subscription ON entitlements (subscription_id) WHERE subscription_id IS NOT NULL;

CREATE TABLE grants (
    id                     VARCHAR(26)   PRIMARY KEY,
    namespace              VARCHAR(64)   NOT NULL,
    entitlement_id         VARCHAR(26)   NOT NULL REFERENCES entitlements (id),
    amount                 NUMERIC       NOT NULL CHECK (amount > 0),
    priority               SMALLINT      NOT NULL CHECK (priority BETWEEN 0 AND 255),
    effective_at           TIMESTAMPTZ   NOT NULL,
    expiration_duration    VARCHAR(8),
    expiration_count       INTEGER,
    expires_at             TIMESTAMPTZ,
    recurrence_interval    VARCHAR(64),
    recurrence_anchor      TIMESTAMPTZ,
    min_rollover_amount    NUMERIC       NOT NULL,
    max_rollover_amount    NUMERIC       NOT NULL,
    metadata               JSONB         NOT NULL DEFAULT '{}',
    annotations            JSONB         NOT NULL DEFAULT '{}',
    voided_at              TIMESTAMPTZ,
    deleted_at             TIMESTAMPTZ,
    created_at             TIMESTAMPTZ   NOT NULL,
    updated_at             TIMESTAMPTZ   NOT NULL
);
CREATE INDEX grants_entitlement ON grants (entitlement_id, effective_at);
CREATE INDEX grants_namespace ON grants (namespace, created_at);

-- Manual resets. The overage rule is kept with each, so that replaying history never changes what a reset did.
CREATE TABLE entitlement_resets (
    id                VARCHAR(26)   PRIMARY KEY,
    entitlement_id    VARCHAR(26)   NOT NULL REFERENCES entitlements (id),
    reset_at          TIMESTAMPTZ   NOT NULL,
    retain_anchor     BOOLEAN       NOT NULL,
    preserve_overage  BOOLEAN       NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    UNIQUE (entitlement_id, reset_at)
);
