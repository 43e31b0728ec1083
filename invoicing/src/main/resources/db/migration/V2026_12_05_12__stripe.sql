-- Apps and the Stripe integration (docs/stripe.md). Secrets are sealed by the app (AES-GCM under
-- tollgate.secrets.master-key) before they reach a row: a database dump holds no usable key.

-- Installed apps, as OpenMeter's /api/v1/apps lists them. Only Stripe apps are rows: the custom invoicing app that
-- every namespace has is built in.
CREATE TABLE apps (
    id                     VARCHAR(26)   PRIMARY KEY,
    namespace              VARCHAR(64)   NOT NULL,
    type                   VARCHAR(32)   NOT NULL,
    name                   VARCHAR(256)  NOT NULL,
    description            VARCHAR(1024),
    metadata               JSONB         NOT NULL DEFAULT '{}',
    status                 VARCHAR(32)   NOT NULL,
    api_base               VARCHAR(512)  NOT NULL,
    stripe_account_id      VARCHAR(255)  NOT NULL,
    livemode               BOOLEAN       NOT NULL,
    masked_api_key         VARCHAR(64)   NOT NULL,
    api_key_sealed         TEXT          NOT NULL,
    webhook_endpoint_id    VARCHAR(255),
    webhook_secret_sealed  TEXT,
    created_at             TIMESTAMPTZ   NOT NULL,
    updated_at             TIMESTAMPTZ   NOT NULL,
    deleted_at             TIMESTAMPTZ
);
CREATE INDEX apps_namespace ON apps (namespace, created_at);

-- A billing profile names the app that invoices and collects for it; null is Tollgate's own invoicing.
ALTER TABLE billing_profiles ADD COLUMN invoicing_app_id VARCHAR(26) REFERENCES apps (id);

-- A customer's Stripe customer, per Stripe app: linked by hand, or made when the customer is first invoiced.
CREATE TABLE stripe_customers (
    app_id                     VARCHAR(26)   NOT NULL REFERENCES apps (id),
    customer_id                VARCHAR(26)   NOT NULL,
    namespace                  VARCHAR(64)   NOT NULL,
    stripe_customer_id         VARCHAR(255)  NOT NULL,
    default_payment_method_id  VARCHAR(255),
    created_at                 TIMESTAMPTZ   NOT NULL,
    updated_at                 TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (app_id, customer_id)
);

-- What Stripe knows of an invoice, on the invoice.
ALTER TABLE invoices ADD COLUMN invoicing_app_id VARCHAR(26) REFERENCES apps (id);
ALTER TABLE invoices ADD COLUMN external_invoicing_id VARCHAR(255);
ALTER TABLE invoices ADD COLUMN external_number VARCHAR(255);
ALTER TABLE invoices ADD COLUMN external_url VARCHAR(1024);
-- Stripe's time of the last invoice event applied: an older event delivered later changes nothing.
ALTER TABLE invoices ADD COLUMN provider_event_at TIMESTAMPTZ;

-- The sync of an issued invoice to Stripe: a state machine that resumes where it stopped. Written in the
-- transaction that issues the invoice, so an issued invoice always has its sync (a transactional outbox).
CREATE TABLE stripe_invoice_syncs (
    invoice_id          VARCHAR(26)   PRIMARY KEY REFERENCES invoices (id),
    namespace           VARCHAR(64)   NOT NULL,
    app_id              VARCHAR(26)   NOT NULL REFERENCES apps (id),
    step                VARCHAR(32)   NOT NULL,
    stripe_customer_id  VARCHAR(255),
    stripe_invoice_id   VARCHAR(255),
    batches_done        INT           NOT NULL DEFAULT 0,
    attempts            INT           NOT NULL DEFAULT 0,
    next_attempt_at     TIMESTAMPTZ   NOT NULL,
    step_started_at     TIMESTAMPTZ   NOT NULL,
    last_error          TEXT,
    created_at          TIMESTAMPTZ   NOT NULL,
    updated_at          TIMESTAMPTZ   NOT NULL
);
CREATE INDEX stripe_invoice_syncs_due ON stripe_invoice_syncs (next_attempt_at) WHERE step NOT IN ('done', 'failed');

-- Stripe events already processed: an event delivered twice is applied once.
CREATE TABLE stripe_webhook_events (
    app_id       VARCHAR(26)   NOT NULL REFERENCES apps (id),
    event_id     VARCHAR(255)  NOT NULL,
    type         VARCHAR(128)  NOT NULL,
    received_at  TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (app_id, event_id)
);

-- Invoice status changes as domain events, written in the transaction that makes the change; the notifications of a
-- later issue send them (invoice.created, invoice.updated).
CREATE TABLE invoice_events (
    id          VARCHAR(26)   PRIMARY KEY,
    namespace   VARCHAR(64)   NOT NULL,
    invoice_id  VARCHAR(26)   NOT NULL REFERENCES invoices (id),
    type        VARCHAR(64)   NOT NULL,
    status      VARCHAR(64)   NOT NULL,
    detail      JSONB         NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX invoice_events_invoice ON invoice_events (invoice_id, created_at);
