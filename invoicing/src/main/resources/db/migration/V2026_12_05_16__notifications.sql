-- Notifications (docs/notifications.md): channels, rules, events with one delivery per channel (the outbox), each
-- delivery's attempts, and the thresholds already sent per rule, entitlement and usage period.

CREATE TABLE notification_channels (
    id              VARCHAR(26)   PRIMARY KEY,
    namespace       VARCHAR(64)   NOT NULL,
    type            VARCHAR(32)   NOT NULL,
    name            VARCHAR(256)  NOT NULL,
    disabled        BOOLEAN       NOT NULL DEFAULT FALSE,
    metadata        JSONB         NOT NULL DEFAULT '{}',
    url             VARCHAR(2048) NOT NULL,
    custom_headers  JSONB         NOT NULL DEFAULT '{}',
    -- Sealed by SecretBox under tollgate.secrets.master-key: a database dump holds no usable signing secret.
    signing_secret  TEXT          NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    deleted_at      TIMESTAMPTZ
);
CREATE INDEX notification_channels_namespace ON notification_channels (namespace, id) WHERE deleted_at IS NULL;

CREATE TABLE notification_rules (
    id          VARCHAR(26)   PRIMARY KEY,
    namespace   VARCHAR(64)   NOT NULL,
    type        VARCHAR(64)   NOT NULL,
    name        VARCHAR(256)  NOT NULL,
    disabled    BOOLEAN       NOT NULL DEFAULT FALSE,
    metadata    JSONB         NOT NULL DEFAULT '{}',
    thresholds  JSONB         NOT NULL DEFAULT '[]',
    -- Feature ids or keys as given; an entitlement matches by either.
    features    JSONB         NOT NULL DEFAULT '[]',
    -- Channel ids, in the order given.
    channels    JSONB         NOT NULL DEFAULT '[]',
    created_at  TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL,
    deleted_at  TIMESTAMPTZ
);
CREATE INDEX notification_rules_namespace ON notification_rules (namespace, type) WHERE deleted_at IS NULL;
CREATE INDEX notification_rules_channels ON notification_rules USING GIN (channels);

CREATE TABLE notification_events (
    id           VARCHAR(26)  PRIMARY KEY,
    namespace    VARCHAR(64)  NOT NULL,
    type         VARCHAR(64)  NOT NULL,
    rule_id      VARCHAR(26)  NOT NULL REFERENCES notification_rules (id),
    payload      JSONB        NOT NULL,
    annotations  JSONB        NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX notification_events_namespace ON notification_events (namespace, created_at DESC);

-- The outbox: written in the transaction that decides to send. A worker claims due rows (FOR UPDATE SKIP LOCKED) and
-- leases them while it sends; a lease that runs out (the sender died) makes the row due again.
CREATE TABLE notification_deliveries (
    event_id         VARCHAR(26)   NOT NULL REFERENCES notification_events (id),
    channel_id       VARCHAR(26)   NOT NULL REFERENCES notification_channels (id),
    state            VARCHAR(16)   NOT NULL,
    reason           VARCHAR(1024) NOT NULL DEFAULT '',
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    lease_until      TIMESTAMPTZ,
    annotations      JSONB         NOT NULL DEFAULT '{}',
    updated_at       TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (event_id, channel_id)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
    WHERE state IN ('PENDING', 'RESENDING');
CREATE INDEX notification_deliveries_sending ON notification_deliveries (lease_until) WHERE state = 'SENDING';

CREATE TABLE notification_delivery_attempts (
    event_id     VARCHAR(26)   NOT NULL,
    channel_id   VARCHAR(26)   NOT NULL,
    attempt      INT           NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    status_code  INT,
    body         VARCHAR(16384) NOT NULL DEFAULT '',
    duration_ms  BIGINT        NOT NULL,
    url          VARCHAR(2048) NOT NULL,
    at           TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (event_id, channel_id, attempt),
    FOREIGN KEY (event_id, channel_id) REFERENCES notification_deliveries (event_id, channel_id)
);

-- A threshold is sent once per rule, entitlement and usage period: the unique key is the deduplication, and the
-- evaluation takes a transaction lock per (rule, entitlement, period) before it reads what was sent.
CREATE TABLE notification_threshold_marks (
    rule_id         VARCHAR(26)   NOT NULL REFERENCES notification_rules (id),
    entitlement_id  VARCHAR(26)   NOT NULL,
    period_from     TIMESTAMPTZ   NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    threshold_type  VARCHAR(32)   NOT NULL,
    threshold_value NUMERIC       NOT NULL,
    event_id        VARCHAR(26)   NOT NULL REFERENCES notification_events (id),
    created_at      TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (rule_id, entitlement_id, period_from, kind, threshold_type, threshold_value)
);

-- Reset notifications: once per rule, entitlement and reset.
CREATE TABLE notification_reset_marks (
    rule_id         VARCHAR(26)   NOT NULL REFERENCES notification_rules (id),
    entitlement_id  VARCHAR(26)   NOT NULL,
    reset_at        TIMESTAMPTZ   NOT NULL,
    event_id        VARCHAR(26)   NOT NULL REFERENCES notification_events (id),
    PRIMARY KEY (rule_id, entitlement_id, reset_at)
);

-- Invoice status changes become invoice_events rows in the changing transaction, whatever code path changed them; the
-- notifications hand each on once (notified_at) in the transaction that writes its notification events.
CREATE SEQUENCE invoice_events_seq;
ALTER TABLE invoice_events ADD COLUMN notified_at TIMESTAMPTZ;
ALTER TABLE invoice_events ADD COLUMN txid BIGINT;
UPDATE invoice_events SET notified_at = created_at;
CREATE INDEX invoice_events_unnotified ON invoice_events (id) WHERE notified_at IS NULL;

CREATE FUNCTION invoice_status_event() RETURNS trigger AS $$
BEGIN
    IF NEW.status = 'gathering' OR (TG_OP = 'UPDATE' AND OLD.status = 'gathering') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status THEN
        INSERT INTO invoice_events (id, namespace, invoice_id, type, status, created_at, txid)
        VALUES (lpad(nextval('invoice_events_seq')::text, 26, '0'), NEW.namespace, NEW.id,
                CASE WHEN TG_OP = 'INSERT' THEN 'invoice.created' ELSE 'invoice.updated' END, NEW.status,
                COALESCE(NEW.updated_at, NEW.created_at, now()), txid_current());
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoices_status_events AFTER INSERT OR UPDATE OF status ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoice_status_event();
