-- The cost rollup (docs/finance.md, "How reports stay fast"): each UTC month's usage and cost per customer, feature
-- and currency, exactly as the live engine (UsageCosts) answers them, computed by a background refresher and kept
-- only while it is current. A month is current when the inputs it was computed from are unchanged (inputs_digest:
-- features and their unit costs, meters' window series, the LLM price table, which customer held which subject) and
-- no usage of the month was written since usage_seen_from. Reports that are not current read ClickHouse instead.
CREATE TABLE finance_cost_months (
    namespace        VARCHAR(64)  NOT NULL,
    month            DATE         NOT NULL,
    -- When a report first asked for the month: only months someone reads are kept.
    requested_at     TIMESTAMPTZ  NOT NULL,
    computed_at      TIMESTAMPTZ,
    -- Usage written at or after this instant (the writer's clock, less an overlap) may be missing from the rows.
    usage_seen_from  TIMESTAMPTZ,
    -- Two SHA-256 digests, "catalog:held" (CostInputs).
    inputs_digest    VARCHAR(129),
    warnings         JSONB        NOT NULL DEFAULT '[]',
    PRIMARY KEY (namespace, month)
);

CREATE TABLE finance_cost_month_rows (
    namespace    VARCHAR(64)  NOT NULL,
    month        DATE         NOT NULL,
    -- '' for usage of subjects that were no customer's.
    customer_id  VARCHAR(64)  NOT NULL,
    feature_key  VARCHAR(256) NOT NULL,
    currency     VARCHAR(3)   NOT NULL,
    usage        NUMERIC      NOT NULL,
    cost         NUMERIC      NOT NULL,
    PRIMARY KEY (namespace, month, customer_id, feature_key, currency),
    FOREIGN KEY (namespace, month) REFERENCES finance_cost_months (namespace, month) ON DELETE CASCADE
);
