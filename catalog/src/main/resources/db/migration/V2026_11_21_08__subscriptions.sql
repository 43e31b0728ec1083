-- Subscriptions: a customer on one published plan version from active_from until active_to (open when null). A plan
-- change ends one subscription and starts the next at the same instant, keeping the billing anchor, so a customer's
-- subscriptions never overlap (checked under a per-customer advisory lock, see SubscriptionRepository).
CREATE TABLE subscriptions (
    id              VARCHAR(26)   PRIMARY KEY,
    namespace       VARCHAR(64)   NOT NULL,
    customer_id     VARCHAR(26)   NOT NULL REFERENCES customers (id),
    plan_id         VARCHAR(26)   NOT NULL REFERENCES plans (id),
    plan_key        VARCHAR(64)   NOT NULL,
    plan_version    INT           NOT NULL,
    name            VARCHAR(256)  NOT NULL,
    description     VARCHAR(1024),
    metadata        JSONB         NOT NULL DEFAULT '{}',
    currency        VARCHAR(3)    NOT NULL,
    billing_cadence VARCHAR(32)   NOT NULL,
    billing_anchor  TIMESTAMPTZ   NOT NULL,
    active_from     TIMESTAMPTZ   NOT NULL,
    active_to       TIMESTAMPTZ,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    deleted_at      TIMESTAMPTZ,
    CHECK (active_to IS NULL OR active_to > active_from)
);

CREATE INDEX subscriptions_customer ON subscriptions (namespace, customer_id, active_from) WHERE deleted_at IS NULL;
