package dev.tollgate.meters.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.stream.RawEventStore;
import dev.tollgate.meters.aggregator.AggregatorConfig;
import dev.tollgate.meters.aggregator.WindowAccumulator;
import dev.tollgate.meters.aggregator.WindowBatch;
import dev.tollgate.meters.aggregator.WindowKey;
import dev.tollgate.meters.aggregator.WindowStore;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.Sql;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.Map;

/** {@link WindowStore} on ClickHouse: windows and commit markers go into {@code meter_windows} in one insert. */
@ApplicationScoped
public class ClickHouseWindowStore implements WindowStore {

    /** Decimal(38, 9) in ClickHouse: values are rounded half-even to nine decimal places when written. */
    static final int SCALE = 9;
    private static final String TABLE = "meter_windows";

    private final ClickHouse clickHouse;
    private final Clock clock;
    private final String groupId;
    private final String topic;
    private final RawEventStore rawEvents;
    private final ClickHouseEventKeyStore eventKeys;
    private final ExecutorService sideWriter = Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-event-writer"));

    ClickHouseWindowStore(ClickHouse clickHouse, Clock clock, AggregatorConfig aggregator, IngestConfig ingest,
            RawEventStore rawEvents, ClickHouseEventKeyStore eventKeys) {
        this.clickHouse = clickHouse;
        this.rawEvents = rawEvents;
        this.eventKeys = eventKeys;
        this.clock = clock;
        this.groupId = aggregator.groupId();
        this.topic = ingest.topic();
    }

    @Override
    public void commit(WindowBatch batch) {
        // Both must land before the windows, in either order: write them side by side.
        CompletableFuture<Void> raw = CompletableFuture.runAsync(() -> rawEvents.write(batch.storedEvents()), sideWriter);
        eventKeys.write(batch.sightings());
        raw.join();
        long writtenAt = clock.instant().getEpochSecond();
        List<ClickHouse.JsonRow> rows = new ArrayList<>();
        batch.windows().forEach((key, window) -> rows.add(out -> writeWindow(out, key, window, batch.id(), writtenAt)));
        batch.nextOffsets().forEach((partition, next) -> rows.add(
                out -> writeMarker(out, partition, next, batch.id(), writtenAt)));
        // One block makes one part; the server must not split the insert.
        Map<String, String> settings = Map.of("max_insert_block_size",
                String.valueOf(Math.max(rows.size() + 1, 1_048_576)));
        clickHouse.insertJsonRows(TABLE, rows, ClickHouse.JsonRow::write, settings);
    }

    @PreDestroy
    void close() {
        sideWriter.shutdownNow();
    }

    @Override
    public boolean isCommitted(String batchId) {
        List<JsonNode> rows = clickHouse.query("SELECT count() AS n FROM " + clickHouse.table(TABLE) + markerFilter()
                + " AND batch_id = " + Sql.string(batchId));
        return !rows.isEmpty() && rows.get(0).get("n").asLong() > 0;
    }

    @Override
    public Map<Integer, Long> committedOffsets() {
        List<JsonNode> rows = clickHouse.query("SELECT source_partition AS p, max(source_next_offset) AS o FROM "
                + clickHouse.table(TABLE) + markerFilter() + " GROUP BY source_partition");
        Map<Integer, Long> offsets = new HashMap<>();
        for (JsonNode row : rows) {
            offsets.put(row.get("p").asInt(), row.get("o").asLong());
        }
        return offsets;
    }

    private String markerFilter() {
        return " WHERE namespace = '' AND meter_id = " + Sql.string(groupId) + " AND subject = " + Sql.string(topic);
    }

    private static void writeWindow(JsonGenerator out, WindowKey key, WindowAccumulator window, String batchId,
            long writtenAt) throws IOException {
        out.writeStartObject();
        out.writeStringField("namespace", key.namespace());
        out.writeStringField("meter_id", key.meterId());
        out.writeStringField("subject", key.subject());
        out.writeNumberField("window_start", key.windowStartEpochSecond());
        writeStrings(out, "group_keys", key.groupKeys());
        writeStrings(out, "group_values", key.groupValues());
        writeDecimal(out, "value_sum", window.sum());
        out.writeNumberField("value_count", window.count());
        writeDecimal(out, "value_min", window.min());
        writeDecimal(out, "value_max", window.max());
        out.writeNumberField("latest_at", window.latestAtMillis());
        writeDecimal(out, "latest_value", window.latestValue());
        writeStrings(out, "distinct_values", List.copyOf(window.distinct()));
        out.writeStringField("batch_id", batchId);
        out.writeNumberField("written_at", writtenAt);
        out.writeNumberField("source_partition", 0);
        out.writeNumberField("source_next_offset", 0);
        out.writeEndObject();
    }

    private void writeMarker(JsonGenerator out, int partition, long nextOffset, String batchId, long writtenAt)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("namespace", "");
        out.writeStringField("meter_id", groupId);
        out.writeStringField("subject", topic);
        out.writeNumberField("window_start", 0);
        out.writeStringField("batch_id", batchId);
        out.writeNumberField("written_at", writtenAt);
        out.writeNumberField("source_partition", partition);
        out.writeNumberField("source_next_offset", nextOffset);
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
