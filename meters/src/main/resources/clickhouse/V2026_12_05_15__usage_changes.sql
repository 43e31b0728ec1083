-- Usage changes: which subjects each insert touched, so that a reader can take in only what changed since it last
-- looked (the access view, quota notifications) instead of reading every subject's usage again.
--
-- The view below is the rollup view of V2026_11_21_05 with a sixth row per stored minute window: a change row,
-- window_seconds 1, subject '', window_start the second the insert was written (inserted_at) and the window's subject
-- in batch_id. Put that way, the sort key (namespace, meter_id, window_seconds, subject, window_start, ...) finds the
-- changes written since an instant by a range, without reading older ones. Change rows are in the same insert, hence
-- the same part, as the windows they announce: a reader never sees a change before its usage, nor usage without its
-- change.
-- A change row's value_min holds the earliest usage minute (epoch seconds) it announces, so that a reader can tell a
-- late event, one for a minute it already took in, from new usage.
-- Usage queries always name the window_seconds they read, so they never see change rows.
--
-- The view is dropped and made again: run this migration with no aggregator or backfill of an older release writing
-- (Tollgate migrates at startup, before its own consumers start; docs/architecture.md, "Usage changes").
DROP TABLE IF EXISTS ${db}.meter_windows_rollup;

-- variant 1: the subject's minute, 2: the subject's day, 3: all subjects' hour, 4: all subjects' day, 5: all subjects'
-- minute, 6: the change row; markers: 0.
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.meter_windows_rollup TO ${db}.meter_windows_agg AS
SELECT
    namespace,
    meter_id,
    [0, 60, 86400, 3600, 86400, 60, 1][variant + 1] AS window_seconds,
    if(variant >= 3, '', event_subject) AS subject,
    multiIf(variant = 1 OR variant = 5, minute, variant = 3, toStartOfHour(minute), variant = 6, inserted_at,
            toStartOfDay(minute)) AS window_start,
    group_values,
    multiIf(namespace = '', batch, variant = 6, event_subject, '') AS batch_id,
    source_partition,
    any(keys) AS group_keys,
    sumState(sum_value) AS value_sum,
    sumState(event_count) AS value_count,
    minState(if(variant = 6, toDecimal128(toUnixTimestamp(minute), 9), min_value)) AS value_min,
    maxState(max_value) AS value_max,
    argMaxState(latest_value, latest_at) AS latest,
    groupUniqArrayArrayState(distinct_list) AS distinct_values,
    max(inserted_at) AS written_at,
    max(next_offset) AS source_next_offset
FROM ${db}.meter_windows_in
ARRAY JOIN if(namespace = '', [0], [1, 2, 3, 4, 5, 6]) AS variant
GROUP BY namespace, meter_id, window_seconds, subject, window_start, group_values, batch_id, source_partition
