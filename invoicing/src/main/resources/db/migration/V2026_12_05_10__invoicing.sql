-- Invoicing (docs/invoicing.md). Money is NUMERIC, exact; amounts are stored at the currency's scale.

-- OpenMeter's billing profiles: a supplier and a workflow. One default per namespace.
CREATE TABLE billing_profiles (
    id            VARCHAR(26)   PRIMARY KEY,
    namespace     VARCHAR(64)   NOT NULL,
    name          VARCHAR(256)  NOT NULL,
    description   VARCHAR(1024),
    metadata      JSONB         NOT NULL DEFAULT '{}',
    supplier      JSONB         NOT NULL,
    workflow      JSONB         NOT NULL,
    is_default    BOOLEAN       NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    updated_at    TIMESTAMPTZ   NOT NULL,
    deleted_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX billing_profiles_one_default ON billing_profiles (namespace)
    WHERE is_default AND deleted_at IS NULL;
CREATE INDEX billing_profiles_namespace ON billing_profiles (namespace, created_at);

-- A customer's pinned profile and workflow settings of its own.
CREATE TABLE billing_customer_overrides (
    customer_id        VARCHAR(26)  PRIMARY KEY,
    namespace          VARCHAR(64)  NOT NULL,
    billing_profile_id VARCHAR(26)  REFERENCES billing_profiles (id),
    workflow           JSONB        NOT NULL DEFAULT '{}',
    created_at         TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX billing_customer_overrides_namespace ON billing_customer_overrides (namespace);

-- Invoice numbers per profile and year, with no gaps: a number is taken in the transaction that issues the invoice,
-- so it is used exactly when that transaction commits.
CREATE TABLE invoice_number_sequences (
    profile_id  VARCHAR(26)  NOT NULL REFERENCES billing_profiles (id),
    year        INT          NOT NULL,
    last_number BIGINT       NOT NULL,
    PRIMARY KEY (profile_id, year)
);

CREATE TABLE invoices (
    id                       VARCHAR(26)    PRIMARY KEY,
    namespace                VARCHAR(64)    NOT NULL,
    customer_id              VARCHAR(26)    NOT NULL,
    currency                 VARCHAR(3)     NOT NULL,
    status                   VARCHAR(64)    NOT NULL,
    number                   VARCHAR(64),
    profile_id               VARCHAR(26)    NOT NULL REFERENCES billing_profiles (id),
    workflow                 JSONB          NOT NULL,
    supplier                 JSONB          NOT NULL,
    customer                 JSONB          NOT NULL,
    description              VARCHAR(1024),
    metadata                 JSONB          NOT NULL DEFAULT '{}',
    period_from              TIMESTAMPTZ,
    period_to                TIMESTAMPTZ,
    amount                   NUMERIC        NOT NULL DEFAULT 0,
    charges_total            NUMERIC        NOT NULL DEFAULT 0,
    discounts_total          NUMERIC        NOT NULL DEFAULT 0,
    total                    NUMERIC        NOT NULL DEFAULT 0,
    validation_issues        JSONB          NOT NULL DEFAULT '[]',
    draft_until              TIMESTAMPTZ,
    collection_at            TIMESTAMPTZ,
    quantity_snapshotted_at  TIMESTAMPTZ,
    issued_at                TIMESTAMPTZ,
    due_at                   TIMESTAMPTZ,
    voided_at                TIMESTAMPTZ,
    paid_at                  TIMESTAMPTZ,
    created_at               TIMESTAMPTZ    NOT NULL,
    updated_at               TIMESTAMPTZ    NOT NULL,
    deleted_at               TIMESTAMPTZ
);
-- One gathering invoice per customer and currency: the live collection of lines not yet invoiced.
CREATE UNIQUE INDEX invoices_one_gathering ON invoices (namespace, customer_id, currency)
    WHERE status = 'gathering' AND deleted_at IS NULL;
CREATE UNIQUE INDEX invoices_number ON invoices (profile_id, number) WHERE number IS NOT NULL;
CREATE INDEX invoices_customer ON invoices (namespace, customer_id, created_at);
CREATE INDEX invoices_status ON invoices (status) WHERE deleted_at IS NULL;

CREATE TABLE invoice_lines (
    id                        VARCHAR(26)    PRIMARY KEY,
    namespace                 VARCHAR(64)    NOT NULL,
    invoice_id                VARCHAR(26)    NOT NULL REFERENCES invoices (id),
    customer_id               VARCHAR(26)    NOT NULL,
    usage_customer_id         VARCHAR(26)    NOT NULL,
    currency                  VARCHAR(3)     NOT NULL,
    managed_by                VARCHAR(16)    NOT NULL,
    kind                      VARCHAR(16)    NOT NULL,
    name                      VARCHAR(256)   NOT NULL,
    description               VARCHAR(1024),
    metadata                  JSONB          NOT NULL DEFAULT '{}',
    period_from               TIMESTAMPTZ    NOT NULL,
    period_to                 TIMESTAMPTZ    NOT NULL,
    invoice_at                TIMESTAMPTZ    NOT NULL,
    subscription_id           VARCHAR(26),
    phase_key                 VARCHAR(64),
    phase_id                  VARCHAR(26),
    item_key                  VARCHAR(64),
    item_id                   VARCHAR(26),
    period_index              INT,
    billing_period_from       TIMESTAMPTZ,
    billing_period_to         TIMESTAMPTZ,
    rate_card                 JSONB          NOT NULL,
    feature_key               VARCHAR(64),
    meter_slug                VARCHAR(64),
    meter_group_by_filters    JSONB          NOT NULL DEFAULT '{}',
    proration                 NUMERIC        NOT NULL DEFAULT 1,
    quantity                  NUMERIC,
    pre_line_period_quantity  NUMERIC        NOT NULL DEFAULT 0,
    usage_snapshot            JSONB,
    charges                   JSONB,
    amount                    NUMERIC        NOT NULL DEFAULT 0,
    charges_total             NUMERIC        NOT NULL DEFAULT 0,
    discounts_total           NUMERIC        NOT NULL DEFAULT 0,
    total                     NUMERIC        NOT NULL DEFAULT 0,
    adjusts_line_id           VARCHAR(26),
    created_at                TIMESTAMPTZ    NOT NULL,
    updated_at                TIMESTAMPTZ    NOT NULL,
    deleted_at                TIMESTAMPTZ
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id);
CREATE INDEX invoice_lines_item ON invoice_lines (subscription_id, item_key, period_index);
CREATE INDEX invoice_lines_adjusts ON invoice_lines (adjusts_line_id) WHERE adjusts_line_id IS NOT NULL;

-- What the billing run has taken from each subscription: the periods that started before synced_until are in
-- lines, as the subscription stood at subscription_updated_at; the next period starts at next_sync_at (null when the
-- subscription has ended).
CREATE TABLE billing_subscription_syncs (
    subscription_id         VARCHAR(26)  PRIMARY KEY,
    namespace               VARCHAR(64)  NOT NULL,
    synced_until            TIMESTAMPTZ  NOT NULL,
    subscription_updated_at TIMESTAMPTZ  NOT NULL,
    next_sync_at            TIMESTAMPTZ
);

-- Progress of long runs (OpenMeter's GET /api/v1/info/progress/{id}).
CREATE TABLE billing_progress (
    id          VARCHAR(26)  PRIMARY KEY,
    namespace   VARCHAR(64)  NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    total       BIGINT       NOT NULL,
    success     BIGINT       NOT NULL,
    failed      BIGINT       NOT NULL,
    started_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    finished_at TIMESTAMPTZ
);
