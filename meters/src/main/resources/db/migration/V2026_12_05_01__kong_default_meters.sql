-- Gateway traffic with no set-up, whichever way Kong sends it (docs/kong.md).
--
-- 1. api_requests also groups by response_source: "upstream" when Kong proxied the call, "kong" when Kong answered
--    it itself (401, 429, no route). A feature on the meter filters on it to leave refused calls unbilled. A group-by
--    change starts a new window generation, backfilled from the raw event store, exactly as a PUT would.
UPDATE meter_backfills SET status = 'CANCELLED', detail = 'superseded by the response_source group-by',
                           updated_at = now()
WHERE meter_id = '01JD0DEFAVMETER0000APREQST' AND status IN ('WAITING', 'RUNNING')
  AND EXISTS (SELECT 1 FROM meters WHERE id = '01JD0DEFAVMETER0000APREQST' AND deleted_at IS NULL
                                     AND NOT group_by ? 'response_source');

WITH changed AS (
    UPDATE meters
    SET group_by = group_by || '{"response_source": "$.response_source"}', generation = generation + 1,
        updated_at = now()
    WHERE id = '01JD0DEFAVMETER0000APREQST' AND deleted_at IS NULL AND NOT group_by ? 'response_source'
    RETURNING id, generation)
INSERT INTO meter_backfills (series_id, meter_id, generation, status, created_at, updated_at)
SELECT id || '.g' || generation, id, generation, 'WAITING', now(), now() FROM changed;

-- 2. Kong Enterprise's Metering & Billing plugin posts CloudEvents of its own types to /api/v1/events: meters named
--    and shaped as Kong's guides recommend. Input and output tokens are told apart by the "type" group
--    (request = input, response = output). Backfilled like any new meter.
INSERT INTO meters (id, namespace, slug, name, description, aggregation, event_type, value_property, group_by,
                    created_at, updated_at)
SELECT v.id, 'default', v.slug, v.name, v.description, v.aggregation, v.event_type, v.value_property,
       v.group_by::jsonb, now(), now()
FROM (VALUES
    ('01JD0DEFAVMETER00KNGAPREQS', 'api_requests_total', 'Kong API requests',
     'Requests metered by Kong''s Metering & Billing plugin (kong.api_request events)', 'COUNT', 'kong.api_request',
     NULL, '{"request_method": "$.request_method", "route_name": "$.route_name", "service_name": "$.service_name", "response_http_status": "$.response_http_status"}'),
    ('01JD0DEFAVMETER00KNGTKNSMM', 'llm_tokens_total', 'Kong LLM tokens',
     'Tokens metered by Kong''s Metering & Billing plugin (kong.llm_request events; type request = input, response = output)',
     'SUM', 'kong.llm_request', '$.tokens', '{"model": "$.model", "provider": "$.provider", "type": "$.type"}')
) AS v (id, slug, name, description, aggregation, event_type, value_property, group_by)
WHERE NOT EXISTS (SELECT 1 FROM meters m WHERE m.namespace = 'default' AND m.slug = v.slug AND m.deleted_at IS NULL);

INSERT INTO meter_backfills (series_id, meter_id, generation, status, created_at, updated_at)
SELECT id, id, 1, 'WAITING', now(), now() FROM meters
WHERE id IN ('01JD0DEFAVMETER00KNGAPREQS', '01JD0DEFAVMETER00KNGTKNSMM')
  AND NOT EXISTS (SELECT 1 FROM meter_backfills b WHERE b.meter_id = meters.id);
