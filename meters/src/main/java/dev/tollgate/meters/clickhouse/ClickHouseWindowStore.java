package dev.tollgate.meters.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.meters.aggregator.AggregatorConfig;
import dev.tollgate.meters.aggregator.EventKeyStore;
import dev.tollgate.meters.aggregator.WindowAccumulator;
import dev.tollgate.meters.aggregator.WindowBatch;
import dev.tollgate.meters.aggregator.WindowKey;
import dev.tollgate.meters.aggregator.WindowStore;
import dev.tollgate.meters.backfill.BackfillStore;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link WindowStore} and {@link BackfillStore} on ClickHouse: minute windows and their marker rows go into
 * {@code meter_windows_in} in one insert, which a materialized view rolls up into the rows of {@code meter_windows_agg}
 * (see SpanPlan) as one part. Marker rows have namespace '' (no tenant's queries see them):
 * <ul>
 * <li>commit markers: meter_id = consumer group, subject = topic, the partition's next offset (the aggregator's,
 *     written with its windows, and the archiver's, see {@link ClickHouseEventArchive});</li>
 * <li>activations: meter_id = window series, subject = {@code ~activated/<group>/<topic>}, the partition's first
 *     offset folded into the series;</li>
 * <li>backfill chunks: meter_id = {@code ~backfill}, batch_id = the chunk.</li>
 * </ul>
 */
@ApplicationScoped
public class ClickHouseWindowStore implements WindowStore, BackfillStore {

    /** Decimal(38, 9) in ClickHouse: values are rounded half-even to nine decimal places when written. */
    static final int SCALE = 9;
    private static final String INPUT = "meter_windows_in";
    private static final String TABLE = "meter_windows_agg";
    private static final String BACKFILL_MARK = "~backfill";
    /**
     * A minute window becomes six rows: the subject's minute and day, all subjects' minute, hour and day, and a change
     * row.
     */
    private static final int ROLLED_UP_SPANS = 6;

    private final ClickHouse clickHouse;
    private final Clock clock;
    private final String groupId;
    private final String topic;
    private final String activationSubject;
    private final ClickHouseEventKeyStore eventKeys;

    ClickHouseWindowStore(ClickHouse clickHouse, Clock clock, AggregatorConfig aggregator, IngestTopic ingest) {
        this.clickHouse = clickHouse;
        this.eventKeys = new ClickHouseEventKeyStore(clickHouse, ingest.name());
        this.clock = clock;
        this.groupId = aggregator.groupId();
        this.topic = ingest.name();
        this.activationSubject = "~activated/" + groupId + "/" + topic;
    }

    @Override
    public EventKeyStore eventKeys() {
        return eventKeys;
    }

    @Override
    public void commit(WindowBatch batch) {
        // The keys must land before the windows: a key is only trusted once the offsets after it are stored.
        eventKeys.write(batch.sightings());
        long writtenAt = clock.instant().getEpochSecond();
        List<ClickHouse.JsonRow> rows = new ArrayList<>();
        batch.windows().forEach((key, window) -> rows.add(out -> writeWindow(out, key, window, batch.id(), writtenAt)));
        batch.nextOffsets().forEach((partition, next) -> rows.add(
                out -> writeMarker(out, groupId, topic, partition, next, batch.id(), writtenAt)));
        batch.activations().forEach((series, offsets) -> offsets.forEach((partition, first) -> rows.add(
                out -> writeMarker(out, series, activationSubject, partition, first, batch.id(), writtenAt))));
        insertAtomically(rows);
    }

    @Override
    public void writeChunk(String chunkId, Map<WindowKey, WindowAccumulator> windows) {
        long writtenAt = clock.instant().getEpochSecond();
        List<ClickHouse.JsonRow> rows = new ArrayList<>();
        windows.forEach((key, window) -> rows.add(out -> writeWindow(out, key, window, chunkId, writtenAt)));
        rows.add(out -> writeMarker(out, BACKFILL_MARK, "", 0, 0, chunkId, writtenAt));
        insertAtomically(rows);
    }

    /**
     * One block makes one part, and a part appears whole or not at all: the server must not split the insert, and the
     * view must not split its rolled-up output (it squashes blocks up to the min_insert_block_size_* settings).
     */
    private void insertAtomically(List<ClickHouse.JsonRow> rows) {
        String rowLimit = String.valueOf(Math.max(ROLLED_UP_SPANS * rows.size() + 1, 1_048_576));
        Map<String, String> settings = Map.of(
                "max_insert_block_size", rowLimit,
                "min_insert_block_size_rows", rowLimit,
                "min_insert_block_size_bytes", String.valueOf(Long.MAX_VALUE / 2));
        clickHouse.insertJsonRows(INPUT, rows, ClickHouse.JsonRow::write, settings);
    }

    @Override
    public Set<String> writtenChunks(String chunkIdPrefix) {
        Set<String> chunks = new HashSet<>();
        clickHouse.query("SELECT DISTINCT batch_id FROM " + clickHouse.table(TABLE) + " WHERE namespace = ''"
                + " AND meter_id = " + Sql.string(BACKFILL_MARK) + " AND startsWith(batch_id, "
                + Sql.string(chunkIdPrefix) + ")", row -> chunks.add(row.get("batch_id").asText()));
        return chunks;
    }

    @Override
    public Map<String, Map<Integer, Long>> activations(Collection<Integer> partitions) {
        Map<String, Map<Integer, Long>> activations = new HashMap<>();
        if (partitions.isEmpty()) {
            return activations;
        }
        clickHouse.query("SELECT meter_id AS m, source_partition AS p, min(source_next_offset) AS o FROM "
                + clickHouse.table(TABLE) + activationFilter() + " AND source_partition IN (" + joined(partitions)
                + ") GROUP BY meter_id, source_partition", row -> activations
                        .computeIfAbsent(row.get("m").asText(), m -> new HashMap<>())
                        .put(row.get("p").asInt(), row.get("o").asLong()));
        return activations;
    }

    @Override
    public Map<Integer, Long> activationsOf(String seriesId) {
        Map<Integer, Long> offsets = new HashMap<>();
        clickHouse.query("SELECT source_partition AS p, min(source_next_offset) AS o FROM " + clickHouse.table(TABLE)
                + activationFilter() + " AND meter_id = " + Sql.string(seriesId) + " GROUP BY source_partition",
                row -> offsets.put(row.get("p").asInt(), row.get("o").asLong()));
        return offsets;
    }

    private String activationFilter() {
        return " WHERE namespace = '' AND subject = " + Sql.string(activationSubject);
    }

    private static String joined(Collection<Integer> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    private boolean exists(String where) {
        List<JsonNode> rows = clickHouse.query("SELECT count() AS n FROM " + clickHouse.table(TABLE) + where);
        return !rows.isEmpty() && rows.get(0).get("n").asLong() > 0;
    }

    @Override
    public boolean isCommitted(String batchId) {
        return isCommitted(groupId, batchId);
    }

    @Override
    public Map<Integer, Long> committedOffsets() {
        return committedOffsets(groupId);
    }

    /** Stores another consumer group's next offsets, in one insert. */
    void commitOffsets(String group, Map<Integer, Long> nextOffsets, String batchId) {
        long writtenAt = clock.instant().getEpochSecond();
        List<ClickHouse.JsonRow> rows = new ArrayList<>();
        nextOffsets.forEach((partition, next) -> rows.add(
                out -> writeMarker(out, group, topic, partition, next, batchId, writtenAt)));
        insertAtomically(rows);
    }

    boolean isCommitted(String group, String batchId) {
        return exists(markerFilter(group) + " AND batch_id = " + Sql.string(batchId));
    }

    Map<Integer, Long> committedOffsets(String group) {
        List<JsonNode> rows = clickHouse.query("SELECT source_partition AS p, max(source_next_offset) AS o FROM "
                + clickHouse.table(TABLE) + markerFilter(group) + " GROUP BY source_partition");
        Map<Integer, Long> offsets = new HashMap<>();
        for (JsonNode row : rows) {
            offsets.put(row.get("p").asInt(), row.get("o").asLong());
        }
        return offsets;
    }

    private String markerFilter(String group) {
        return " WHERE namespace = '' AND meter_id = " + Sql.string(group) + " AND subject = " + Sql.string(topic);
    }

    private static void writeWindow(JsonGenerator out, WindowKey key, WindowAccumulator window, String batchId,
            long writtenAt) throws IOException {
        out.writeStartObject();
        out.writeStringField("namespace", key.namespace());
        out.writeStringField("meter_id", key.meterId());
        out.writeStringField("event_subject", key.subject());
        out.writeNumberField("minute", key.windowStartEpochSecond());
        writeStrings(out, "keys", key.groupKeys());
        writeStrings(out, "group_values", key.groupValues());
        writeDecimal(out, "sum_value", window.sum());
        out.writeNumberField("event_count", window.count());
        writeDecimal(out, "min_value", window.min());
        writeDecimal(out, "max_value", window.max());
        out.writeNumberField("latest_at", window.latestAtMillis());
        writeDecimal(out, "latest_value", window.latestValue());
        writeStrings(out, "distinct_list", List.copyOf(window.distinct()));
        out.writeStringField("batch", batchId);
        out.writeNumberField("inserted_at", writtenAt);
        out.writeNumberField("source_partition", 0);
        out.writeNumberField("next_offset", 0);
        out.writeEndObject();
    }

    private static void writeMarker(JsonGenerator out, String meterId, String subject, int partition, long offset,
            String batchId, long writtenAt) throws IOException {
        out.writeStartObject();
        out.writeStringField("namespace", "");
        out.writeStringField("meter_id", meterId);
        out.writeStringField("event_subject", subject);
        out.writeNumberField("minute", 0);
        out.writeStringField("batch", batchId);
        out.writeNumberField("inserted_at", writtenAt);
        out.writeNumberField("source_partition", partition);
        out.writeNumberField("next_offset", offset);
        out.writeEndObject();
    }

    private static void writeStrings(JsonGenerator out, String field, List<String> values) throws IOException {
        out.writeArrayFieldStart(field);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    private static void writeDecimal(JsonGenerator out, String field, BigDecimal value) throws IOException {
        out.writeFieldName(field);
        out.writeNumber(value.setScale(SCALE, RoundingMode.HALF_EVEN).toPlainString());
    }
}
