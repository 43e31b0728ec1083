-- Finance (docs/finance.md, "How cost is resolved"): the namespace's LLM prices per provider and model, each in one
-- currency and effective from an instant. Rows are never updated: a new price for the same provider, model and
-- currency takes over from its effective_from, and a price that has taken effect is never deleted, so a report over
-- a past period answers the same tomorrow.

CREATE TABLE llm_cost_prices (
    id                     VARCHAR(26)   PRIMARY KEY,
    namespace              VARCHAR(64)   NOT NULL,
    provider               VARCHAR(256)  NOT NULL,
    model_id               VARCHAR(256)  NOT NULL,
    model_name             VARCHAR(256),
    currency               VARCHAR(3)    NOT NULL,
    input_per_token        NUMERIC       NOT NULL,
    output_per_token       NUMERIC       NOT NULL,
    cache_read_per_token   NUMERIC,
    cache_write_per_token  NUMERIC,
    reasoning_per_token    NUMERIC,
    effective_from         TIMESTAMPTZ   NOT NULL,
    -- As given; a later price of the same provider, model and currency ends it earlier.
    effective_to           TIMESTAMPTZ,
    created_at             TIMESTAMPTZ   NOT NULL,
    updated_at             TIMESTAMPTZ   NOT NULL,
    deleted_at             TIMESTAMPTZ
);
CREATE INDEX llm_cost_prices_lookup ON llm_cost_prices (namespace, provider, model_id, currency, effective_from)
    WHERE deleted_at IS NULL;
