-- A meter's windows are stored under a series id: the meter id for generation 1, "<id>.g<n>" after a change to the
-- definition that alters stored windows (group-by). A new generation is folded live from the moment the aggregator
-- sees it and backfilled from the raw event store for everything before; queries read the current generation.
ALTER TABLE meters ADD COLUMN generation INT NOT NULL DEFAULT 1;

-- One backfill per meter generation: folds the raw events that the live aggregator passed before it knew the
-- generation. Progress is counted in hours of event time; each hour is written once (see docs/architecture.md).
CREATE TABLE meter_backfills (
    series_id      VARCHAR(40)  PRIMARY KEY,
    meter_id       VARCHAR(26)  NOT NULL REFERENCES meters (id),
    generation     INT          NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    hours_total    INT          NOT NULL DEFAULT 0,
    hours_done     INT          NOT NULL DEFAULT 0,
    events_read  BIGINT       NOT NULL DEFAULT 0,
    detail         VARCHAR(1024),
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX meter_backfills_generation ON meter_backfills (meter_id, generation);
CREATE INDEX meter_backfills_open ON meter_backfills (status) WHERE status <> 'DONE';
