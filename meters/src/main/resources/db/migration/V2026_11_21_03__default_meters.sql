-- The meters a fresh install starts with, so that gateway traffic is metered with no set-up. They read the events
-- that the Kong http-log mapping emits (docs/kong.md): one "api-request" per proxied call and one "llm-usage" per
-- AI call. They are data, not code: change or delete them through the meters API like any other meter.
INSERT INTO meters (id, namespace, slug, name, description, aggregation, event_type, value_property, group_by,
                    created_at, updated_at)
VALUES
    ('01JD0DEFAVMETER0000APREQST', 'default', 'api_requests', 'API requests',
     'Requests proxied by the gateway', 'COUNT', 'api-request', NULL,
     '{"route": "$.route", "method": "$.method", "status": "$.status"}', now(), now()),
    ('01JD0DEFAVMETER000TKNSNPVT', 'default', 'llm_input_tokens', 'LLM input tokens',
     'Prompt tokens sent to LLM providers', 'SUM', 'llm-usage', '$.input_tokens',
     '{"model": "$.model", "provider": "$.provider", "route": "$.route"}', now(), now()),
    ('01JD0DEFAVMETER000TKNSXVTP', 'default', 'llm_output_tokens', 'LLM output tokens',
     'Completion tokens returned by LLM providers', 'SUM', 'llm-usage', '$.output_tokens',
     '{"model": "$.model", "provider": "$.provider", "route": "$.route"}', now(), now());
