package dev.tollgate.meters.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.meters.aggregator.EventKey;
import dev.tollgate.meters.aggregator.EventKeyStore;
import dev.tollgate.meters.aggregator.KeySighting;
import dev.tollgate.meters.aggregator.KeySightings;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.Sql;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@link EventKeyStore} on ClickHouse's {@code event_keys}, sorted by key for point look-ups: the keys of the events
 * the aggregator counted, labelled with the topic in the {@code topic} column. (Archivers before 2026-12-06 kept keys
 * of their own under {@code <topic>#archive}; nothing reads them, and they leave with their days.)
 */
final class ClickHouseEventKeyStore implements EventKeyStore {

    private static final String TABLE = "event_keys";
    private static final List<String> COLUMNS = List.of("topic", "key_hi", "key_lo", "kafka_partition", "kafka_offset",
            "ingested_day");
    static final int KEYS_PER_LOOKUP = 2_000;

    private final ClickHouse clickHouse;
    private final String topic;

    ClickHouseEventKeyStore(ClickHouse clickHouse, String label) {
        this.clickHouse = clickHouse;
        this.topic = label;
    }

    /**
     * As TabSeparated: the aggregator writes a row per event counted, and ClickHouse 18.16 parses these narrow rows
     * about a quarter faster than JSONEachRow (docs/performance.md).
     */
    void write(KeySightings sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        byte[] label = topic.getBytes(StandardCharsets.UTF_8);
        DayText days = new DayText();
        clickHouse.insertTsvRows(TABLE, COLUMNS, sightings.size(), (i, row) -> row.utf8(label)
                .unsigned(sightings.keyHi(i)).unsigned(sightings.keyLo(i)).number(sightings.partition(i))
                .number(sightings.offset(i)).string(days.of(sightings.epochDay(i))));
    }

    /** A batch's rows span a day or two: the date's text is made once per run of rows on the same day. */
    private static final class DayText {
        private long epochDay = Long.MIN_VALUE;
        private String text;

        String of(long day) {
            if (day != epochDay) {
                epochDay = day;
                text = LocalDate.ofEpochDay(day).toString();
            }
            return text;
        }
    }

    @Override
    public List<KeySighting> find(Collection<EventKey> keys, LocalDate since) {
        List<EventKey> all = List.copyOf(keys);
        List<KeySighting> sightings = new ArrayList<>();
        // Chunks keep each query well inside ClickHouse's max_query_size (256 KiB; a key is about 45 bytes of SQL).
        for (int from = 0; from < all.size(); from += KEYS_PER_LOOKUP) {
            String tuples = all.subList(from, Math.min(all.size(), from + KEYS_PER_LOOKUP)).stream()
                    .map(k -> "(" + Long.toUnsignedString(k.hi()) + ", " + Long.toUnsignedString(k.lo()) + ")")
                    .collect(Collectors.joining(", "));
            for (JsonNode row : clickHouse.query(select() + " WHERE (key_hi, key_lo) IN (" + tuples + ")"
                    + " AND topic = " + Sql.string(topic) + " AND ingested_day >= " + date(since))) {
                sightings.add(sighting(row));
            }
        }
        return sightings;
    }

    @Override
    public void forEachInPartition(int partition, LocalDate since, Consumer<KeySighting> sink) {
        for (JsonNode row : clickHouse.query(select() + " WHERE topic = " + Sql.string(topic)
                + " AND kafka_partition = " + partition + " AND ingested_day >= " + date(since))) {
            sink.accept(sighting(row));
        }
    }

    private String select() {
        return "SELECT key_hi, key_lo, kafka_partition, kafka_offset, ingested_day FROM " + clickHouse.table(TABLE);
    }

    private static String date(LocalDate day) {
        return "toDate(" + Sql.string(day.toString()) + ")";
    }

    private static KeySighting sighting(JsonNode row) {
        EventKey key = new EventKey(Long.parseUnsignedLong(row.get("key_hi").asText()),
                Long.parseUnsignedLong(row.get("key_lo").asText()));
        return new KeySighting(key, row.get("kafka_partition").asInt(), row.get("kafka_offset").asLong(),
                LocalDate.parse(row.get("ingested_day").asText()));
    }
}
