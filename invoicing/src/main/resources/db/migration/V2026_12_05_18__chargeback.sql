-- Chargeback (docs/finance.md): plans, runs (one per plan and period, whatever retries or instances do), each
-- department's line of a run with the internal invoice it got, and the run's journal lines for the ledger.

CREATE TABLE chargeback_plans (
    id                VARCHAR(26)   PRIMARY KEY,
    namespace         VARCHAR(64)   NOT NULL,
    name              VARCHAR(256)  NOT NULL,
    description       VARCHAR(1024),
    -- Departments from this customer metadata key, or (when null) from the hierarchy at department_level.
    department_key    VARCHAR(64),
    department_level  INTEGER       NOT NULL,
    markup_percent    NUMERIC       NOT NULL,
    currency          VARCHAR(3)    NOT NULL,
    credit_account    VARCHAR(64)   NOT NULL,
    allocation_rules  JSONB         NOT NULL DEFAULT '[]',
    created_at        TIMESTAMPTZ   NOT NULL,
    updated_at        TIMESTAMPTZ   NOT NULL,
    deleted_at        TIMESTAMPTZ
);
CREATE INDEX chargeback_plans_namespace ON chargeback_plans (namespace, created_at) WHERE deleted_at IS NULL;

CREATE TABLE chargeback_runs (
    id              VARCHAR(26)   PRIMARY KEY,
    namespace       VARCHAR(64)   NOT NULL,
    plan_id         VARCHAR(26)   NOT NULL REFERENCES chargeback_plans (id),
    period_start    TIMESTAMPTZ   NOT NULL,
    period_end      TIMESTAMPTZ   NOT NULL,
    -- The plan as it was when the run was made: a later change of the plan does not rewrite a run.
    plan            JSONB         NOT NULL,
    currency        VARCHAR(3)    NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    completed_at    TIMESTAMPTZ,
    -- Exactly once: a retry, or another instance, finds this run instead of making a second one.
    CONSTRAINT chargeback_runs_once UNIQUE (namespace, plan_id, period_start, period_end)
);
CREATE INDEX chargeback_runs_namespace ON chargeback_runs (namespace, created_at DESC);

CREATE TABLE chargeback_run_lines (
    id                   VARCHAR(26)   PRIMARY KEY,
    run_id               VARCHAR(26)   NOT NULL REFERENCES chargeback_runs (id),
    position             INTEGER       NOT NULL,
    -- Null for costs that belong to no department: on the ledger, never invoiced.
    department           VARCHAR(256),
    cost_center          VARCHAR(256)  NOT NULL,
    billing_customer_id  VARCHAR(26),
    direct_cost          NUMERIC       NOT NULL,
    allocated_cost       NUMERIC       NOT NULL,
    markup               NUMERIC       NOT NULL,
    total                NUMERIC       NOT NULL,
    total_minor          BIGINT        NOT NULL,
    invoice_id           VARCHAR(26),
    UNIQUE (run_id, position)
);

CREATE TABLE chargeback_journal_lines (
    id              VARCHAR(26)   PRIMARY KEY,
    run_id          VARCHAR(26)   NOT NULL REFERENCES chargeback_runs (id),
    line_id         VARCHAR(26)   NOT NULL REFERENCES chargeback_run_lines (id),
    position        INTEGER       NOT NULL,
    debit_account   VARCHAR(300)  NOT NULL,
    credit_account  VARCHAR(300)  NOT NULL,
    amount          NUMERIC       NOT NULL,
    amount_minor    BIGINT        NOT NULL,
    UNIQUE (run_id, position)
);
