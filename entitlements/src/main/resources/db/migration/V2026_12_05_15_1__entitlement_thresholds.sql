-- The quota notification levels an entitlement made from a plan's template carries ({type, value}: PERCENT or NUMBER),
-- so that the plan's thresholds fire for every subscription without a rule per customer (docs/notifications.md).
ALTER TABLE entitlements ADD COLUMN thresholds JSONB NOT NULL DEFAULT '[]';
