-- Each process's access view looks for entitlements and grants changed by any process every second (docs/entitlements.md).
CREATE INDEX entitlements_updated ON entitlements (updated_at);
CREATE INDEX grants_updated ON grants (updated_at);
