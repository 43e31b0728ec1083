-- Per-minute usage windows, and the aggregator's Kafka positions in the same table.
--
-- A position ("commit marker") row has namespace '' and names the consumer group in meter_id and the topic in subject.
-- The aggregator writes a batch's windows and its markers in ONE insert. The table is partitioned by written_at, which
-- is the same for every row of an insert, so an insert makes exactly one part, and a part appears whole or not at all:
-- the stored windows always agree with the stored positions. See docs/architecture.md, "Exactly once".
--
-- Values are Decimal(38, 9): exact sums, never floats. Written for ClickHouse 18.16 and current releases alike.
CREATE TABLE IF NOT EXISTS ${db}.meter_windows
(
    namespace          String,
    meter_id           String,
    subject            String,
    window_start       DateTime('UTC'),
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
ORDER BY (namespace, meter_id, subject, window_start)
