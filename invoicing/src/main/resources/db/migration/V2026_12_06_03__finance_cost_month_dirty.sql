-- The cost rollup's refresher keeps every month's usage_seen_from recent (a month found untouched moves it up to the
-- round's start less the overlap), so that a reader asks ClickHouse only for the last minute or so of usage changes.
-- A month that usage was written into is marked dirty with the time of the last such write, and keeps its old
-- usage_seen_from until it is computed again: its changes need not be read again, only whether writes still go on.
ALTER TABLE finance_cost_months ADD COLUMN dirty BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE finance_cost_months ADD COLUMN last_write_at TIMESTAMPTZ;
