-- Records accepted but not to be metered (a Kong record too old to count, a negative token count): kept, with their
-- reason, for the event browser, and skipped by backfills, which read only what the live aggregator would fold.
ALTER TABLE ${db}.events ADD COLUMN set_aside UInt8 DEFAULT 0
