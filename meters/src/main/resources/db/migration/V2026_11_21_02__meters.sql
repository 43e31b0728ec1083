CREATE TABLE meters (
    id             VARCHAR(26)   PRIMARY KEY,
    namespace      VARCHAR(64)   NOT NULL,
    slug           VARCHAR(64)   NOT NULL,
    name           VARCHAR(256)  NOT NULL,
    description    VARCHAR(1024),
    aggregation    VARCHAR(16)   NOT NULL,
    event_type     VARCHAR(256)  NOT NULL,
    event_from     TIMESTAMPTZ,
    value_property VARCHAR(512),
    group_by       JSONB         NOT NULL DEFAULT '{}',
    metadata       JSONB         NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ   NOT NULL,
    updated_at     TIMESTAMPTZ   NOT NULL,
    deleted_at     TIMESTAMPTZ
);

-- A slug names one live meter per namespace; a deleted meter's slug may be used again.
CREATE UNIQUE INDEX meters_live_slug ON meters (namespace, slug) WHERE deleted_at IS NULL;
CREATE INDEX meters_event_type ON meters (namespace, event_type) WHERE deleted_at IS NULL;
