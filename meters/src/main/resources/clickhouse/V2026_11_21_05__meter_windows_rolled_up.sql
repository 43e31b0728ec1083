-- Windows that fold together. Each stored minute window becomes five rows: the subject's UTC minute and UTC day, and
-- the UTC minute, hour and day of all subjects together (subject '', which no event can have). Rows with the same key are
-- merged into one by the table engine, so a month reads about one row per (subject, group, day), and a month across
-- all subjects about one row per (group, day). Queries read days in the middle of a range and finer rows at its edges
-- (SpanPlan). Per subject there is no hour row: for sparse subjects it folds almost nothing and only costs merges.
--
-- The aggregator and the backfill insert minute windows and marker rows into meter_windows_in, a Null table. The one
-- materialized view below turns each insert into those rows of aggregate states and writes them to meter_windows_agg
-- as ONE part (the insert raises min_insert_block_size_* so the view's output is not split), so windows and markers
-- still appear together or not at all. See docs/architecture.md, "Exactly once".
--
-- Marker rows (namespace '') keep window_seconds 0 and their batch_id and partition in the sort key, so they are never
-- merged with one another; window rows carry batch_id '' so that equal windows from different batches do merge.
--
-- ClickHouse 18.16 and current releases: AggregateFunction columns, Null tables and materialized views with TO exist
-- in both; no SimpleAggregateFunction, no TTL.
CREATE TABLE IF NOT EXISTS ${db}.meter_windows_agg
(
    namespace          String,
    meter_id           String,
    window_seconds     UInt32,
    subject            String,
    window_start       DateTime('UTC'),
    group_values       Array(String),
    batch_id           String,
    source_partition   Int32,
    group_keys         Array(String),
    value_sum          AggregateFunction(sum, Decimal(38, 9)),
    value_count        AggregateFunction(sum, UInt64),
    value_min          AggregateFunction(min, Decimal(38, 9)),
    value_max          AggregateFunction(max, Decimal(38, 9)),
    latest             AggregateFunction(argMax, Decimal(38, 9), Int64),
    distinct_values    AggregateFunction(groupUniqArrayArray, Array(String)),
    written_at         DateTime('UTC'),
    source_next_offset Int64
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(written_at)
ORDER BY (namespace, meter_id, window_seconds, subject, window_start, group_values, batch_id, source_partition);

-- Named apart from meter_windows_agg's columns, so that no alias in the view shadows a column it reads (current
-- releases reject that, and 18.16 cannot push through a view with a subquery instead).
CREATE TABLE IF NOT EXISTS ${db}.meter_windows_in
(
    namespace          String,
    meter_id           String,
    event_subject      String,
    minute             DateTime('UTC'),
    keys               Array(String),
    group_values       Array(String),
    sum_value          Decimal(38, 9),
    event_count        UInt64,
    min_value          Decimal(38, 9),
    max_value          Decimal(38, 9),
    latest_at          Int64,
    latest_value       Decimal(38, 9),
    distinct_list      Array(String),
    batch              String,
    inserted_at        DateTime('UTC'),
    source_partition   Int32,
    next_offset        Int64
)
ENGINE = Null;

-- variant 1: the subject's minute, 2: the subject's day, 3: all subjects' hour, 4: all subjects' day, 5: all subjects'
-- minute; markers: 0.
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.meter_windows_rollup TO ${db}.meter_windows_agg AS
SELECT
    namespace,
    meter_id,
    [0, 60, 86400, 3600, 86400, 60][variant + 1] AS window_seconds,
    if(variant >= 3, '', event_subject) AS subject,
    multiIf(variant = 1 OR variant = 5, minute, variant = 3, toStartOfHour(minute), toStartOfDay(minute))
        AS window_start,
    group_values,
    if(namespace = '', batch, '') AS batch_id,
    source_partition,
    any(keys) AS group_keys,
    sumState(sum_value) AS value_sum,
    sumState(event_count) AS value_count,
    minState(min_value) AS value_min,
    maxState(max_value) AS value_max,
    argMaxState(latest_value, latest_at) AS latest,
    groupUniqArrayArrayState(distinct_list) AS distinct_values,
    max(inserted_at) AS written_at,
    max(next_offset) AS source_next_offset
FROM ${db}.meter_windows_in
ARRAY JOIN if(namespace = '', [0], [1, 2, 3, 4, 5]) AS variant
GROUP BY namespace, meter_id, window_seconds, subject, window_start, group_values, batch_id, source_partition;

-- Carry over what the minute-only table of 0.1 holds. The truncate makes a re-run after a crash start clean; the old
-- table is left in place and can be dropped once the upgrade is checked.
TRUNCATE TABLE ${db}.meter_windows_agg;

INSERT INTO ${db}.meter_windows_in
SELECT namespace, meter_id, subject, window_start, group_keys, group_values, value_sum, value_count, value_min,
       value_max, latest_at, latest_value, distinct_values, batch_id, written_at, source_partition, source_next_offset
FROM ${db}.meter_windows
