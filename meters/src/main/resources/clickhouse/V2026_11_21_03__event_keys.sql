-- Which event keys (128 bits of SHA-256 over namespace, source and id) were folded at which Kafka position, for exact
-- deduplication. Sorted by key for point look-ups; partitioned by ingestion day so that days past the deduplication
-- window can be dropped whole. Costs about 30 bytes per event on disk (compressed).
CREATE TABLE IF NOT EXISTS ${db}.event_keys
(
    topic           String,
    key_hi          UInt64,
    key_lo          UInt64,
    kafka_partition Int32,
    kafka_offset    Int64,
    ingested_day    Date
)
ENGINE = MergeTree
PARTITION BY ingested_day
ORDER BY (key_hi, key_lo)
