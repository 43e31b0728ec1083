-- Every accepted event, as it arrived: for audit, the event browser and backfilling meters defined later.
-- Written by the aggregator before it writes the windows; a batch written again after a crash carries the same
-- (topic, partition, offset) and so the same sorting key, and ReplacingMergeTree folds the copies together.
CREATE TABLE IF NOT EXISTS ${db}.events
(
    namespace        String,
    id               String,
    source           String,
    type             String,
    subject          String,
    time             DateTime('UTC'),
    ingested_at      DateTime('UTC'),
    stored_at        DateTime('UTC'),
    event            String,
    validation_error String,
    topic            String,
    kafka_partition  Int32,
    kafka_offset     Int64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ingested_at)
ORDER BY (namespace, time, topic, kafka_partition, kafka_offset)
