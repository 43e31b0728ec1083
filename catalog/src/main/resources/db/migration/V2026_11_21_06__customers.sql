-- Customers: the billing identity. A deleted customer stays as a row (deleted_at) for invoices that name it; its key
-- may then be used again, and its subjects are free for another customer.
CREATE TABLE customers (
    id                 VARCHAR(26)   PRIMARY KEY,
    namespace          VARCHAR(64)   NOT NULL,
    key                VARCHAR(256),
    name               VARCHAR(256)  NOT NULL,
    description        VARCHAR(1024),
    primary_email      VARCHAR(254),
    currency           VARCHAR(3),
    billing_address    JSONB,
    parent_customer_id VARCHAR(26)   REFERENCES customers (id),
    stripe_customer_id VARCHAR(255),
    metadata           JSONB         NOT NULL DEFAULT '{}',
    created_at         TIMESTAMPTZ   NOT NULL,
    updated_at         TIMESTAMPTZ   NOT NULL,
    deleted_at         TIMESTAMPTZ
);

CREATE UNIQUE INDEX customers_live_key ON customers (namespace, key) WHERE deleted_at IS NULL AND key IS NOT NULL;
CREATE INDEX customers_live_children ON customers (parent_customer_id) WHERE deleted_at IS NULL;
CREATE INDEX customers_namespace ON customers (namespace, name, id);

-- Usage attribution: which subjects (gateway consumers) a customer is billed for. The partial unique index is what
-- guarantees that a subject belongs to at most one live customer, even when two requests race for it. Deleting a
-- customer releases its subjects (released_at) rather than removing them, so the deleted customer still shows them.
CREATE TABLE customer_subjects (
    id          BIGSERIAL     PRIMARY KEY,
    namespace   VARCHAR(64)   NOT NULL,
    subject_key VARCHAR(512)  NOT NULL,
    customer_id VARCHAR(26)   NOT NULL REFERENCES customers (id),
    released_at TIMESTAMPTZ
);

CREATE UNIQUE INDEX customer_subjects_live ON customer_subjects (namespace, subject_key) WHERE released_at IS NULL;
CREATE INDEX customer_subjects_customer ON customer_subjects (customer_id);
