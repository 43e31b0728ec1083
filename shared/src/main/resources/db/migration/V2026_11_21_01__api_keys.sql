CREATE TABLE api_keys (
    id             VARCHAR(36)  PRIMARY KEY,
    name           VARCHAR(256) NOT NULL,
    namespace      VARCHAR(64)  NOT NULL,
    display_prefix VARCHAR(16)  NOT NULL,
    secret_hash    CHAR(64)     NOT NULL UNIQUE,
    scopes         VARCHAR(64)  NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    revoked_at     TIMESTAMPTZ
);

CREATE INDEX api_keys_namespace ON api_keys (namespace);
