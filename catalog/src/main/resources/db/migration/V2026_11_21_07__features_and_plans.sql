-- Features: what plans price and grant. A feature is never updated, only archived; a key names one live feature per
-- namespace, and an archived feature's key may be used again.
CREATE TABLE features (
    id                     VARCHAR(26)   PRIMARY KEY,
    namespace              VARCHAR(64)   NOT NULL,
    key                    VARCHAR(64)   NOT NULL,
    name                   VARCHAR(256)  NOT NULL,
    metadata               JSONB         NOT NULL DEFAULT '{}',
    meter_slug             VARCHAR(64),
    meter_group_by_filters JSONB         NOT NULL DEFAULT '{}',
    unit_cost_amount       NUMERIC,
    unit_cost_currency     VARCHAR(3),
    created_at             TIMESTAMPTZ   NOT NULL,
    updated_at             TIMESTAMPTZ   NOT NULL,
    archived_at            TIMESTAMPTZ
);
CREATE UNIQUE INDEX features_live_key ON features (namespace, key) WHERE archived_at IS NULL;
CREATE INDEX features_key ON features (namespace, key, created_at);

-- Plan versions. A version is written whole while it is a draft and never changes once published, and every read
-- needs all of it, so its phases and their rate cards are one JSONB document in OpenMeter's JSON shape. Status is not
-- stored: it follows from the effective period (no effective_from = draft), as in OpenMeter.
CREATE TABLE plans (
    id                 VARCHAR(26)   PRIMARY KEY,
    namespace          VARCHAR(64)   NOT NULL,
    key                VARCHAR(64)   NOT NULL,
    version            INT           NOT NULL,
    name               VARCHAR(256)  NOT NULL,
    description        VARCHAR(1024),
    metadata           JSONB         NOT NULL DEFAULT '{}',
    currency           VARCHAR(3)    NOT NULL,
    billing_cadence    VARCHAR(32)   NOT NULL,
    pro_rating_enabled BOOLEAN       NOT NULL,
    pro_rating_mode    VARCHAR(32)   NOT NULL,
    phases             JSONB         NOT NULL,
    effective_from     TIMESTAMPTZ,
    effective_to       TIMESTAMPTZ,
    created_at         TIMESTAMPTZ   NOT NULL,
    updated_at         TIMESTAMPTZ   NOT NULL,
    deleted_at         TIMESTAMPTZ
);
-- Version numbers are never reused, not even after a delete.
CREATE UNIQUE INDEX plans_key_version ON plans (namespace, key, version);
-- At most one draft per key, as OpenMeter allows.
CREATE UNIQUE INDEX plans_one_draft ON plans (namespace, key) WHERE effective_from IS NULL AND deleted_at IS NULL;
