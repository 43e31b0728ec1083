-- Windows at three spans (window_seconds 60, 3600 and 86400, aligned to UTC), all written in the same single-part
-- insert, so that a query over a long range reads days and hours in the middle and minutes only at its edges. The
-- span leads the sort key after the meter, so a query reads only the rows of the spans it asks for.
--
-- This replaces the minute-only table of the first release (0.1 had no deployments to keep): the aggregator then
-- finds no stored positions and folds the ingest topic again from its start, and deduplication lets every event
-- through once because its only sighting is its own.
DROP TABLE IF EXISTS ${db}.meter_windows;

CREATE TABLE ${db}.meter_windows
(
    namespace          String,
    meter_id           String,
    subject            String,
    window_start       DateTime('UTC'),
    window_seconds     UInt32,
    group_keys         Array(String),
    group_values       Array(String),
    value_sum          Decimal(38, 9),
    value_count        UInt64,
    value_min          Decimal(38, 9),
    value_max          Decimal(38, 9),
    latest_at          Int64,
    latest_value       Decimal(38, 9),
    distinct_values    Array(String),
    batch_id           String,
    written_at         DateTime('UTC'),
    source_partition   Int32,
    source_next_offset Int64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(written_at)
ORDER BY (namespace, meter_id, window_seconds, subject, window_start)
