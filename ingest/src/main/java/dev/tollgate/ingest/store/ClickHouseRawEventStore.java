package dev.tollgate.ingest.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.ingest.api.EncodedEvents;
import dev.tollgate.ingest.api.EventFilter;
import dev.tollgate.ingest.api.RawEventSelection;
import dev.tollgate.ingest.api.RawEventStore;
import dev.tollgate.ingest.api.StoredEvent;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.Sql;
import dev.tollgate.shared.clickhouse.TsvRowWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

@ApplicationScoped
public class ClickHouseRawEventStore implements RawEventStore {

    private static final String TABLE = "events";
    /** How far back from the newest instant asked for the event list looks before it reads everything. */
    private static final List<Duration> WIDENING = List.of(Duration.ofHours(1), Duration.ofDays(1),
            Duration.ofDays(31));
    private static final String SELECT = "SELECT namespace, id, source, type, subject, toUnixTimestamp(time) AS t,"
            + " toUnixTimestamp(ingested_at) AS i, toUnixTimestamp(stored_at) AS s, event, validation_error, topic,"
            + " kafka_partition, kafka_offset, set_aside";
    /** In the order rows are written: {@code stored_at} last, added when a batch is written (TsvEventBatch). */
    private static final List<String> COLUMNS = List.of("namespace", "id", "source", "type", "subject", "time",
            "ingested_at", "event", "validation_error", "topic", "kafka_partition", "kafka_offset", "set_aside",
            "stored_at");

    private final ClickHouse clickHouse;
    private final Clock clock;
    /**
     * The newest event time per set of conditions, for a few seconds: a cost cache that never changes an answer (see
     * {@link #newest}), so it runs on the machine's time, not the injected clock.
     */
    private final Cache<String, Instant> recentNewest = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    /**
     * Enough for the archiver's batch being filled and the one being written at the default batch bound (8 MB each);
     * 16 MB that stay on the heap.
     */
    private final RowChunks.Pool chunks = new RowChunks.Pool(64);

    ClickHouseRawEventStore(ClickHouse clickHouse, Clock clock) {
        this.clickHouse = clickHouse;
        this.clock = clock;
    }

    @Override
    public EncodedEvents encoder() {
        return new TsvEventBatch(ClickHouseRawEventStore::writeRow, chunks);
    }

    @Override
    public void write(EncodedEvents events) {
        if (!(events instanceof TsvEventBatch batch)) {
            throw new IllegalArgumentException("not a batch of this store: " + events.getClass().getName());
        }
        if (batch.count() == 0) {
            return;
        }
        byte[] storedAt = Long.toString(clock.instant().getEpochSecond()).getBytes(StandardCharsets.US_ASCII);
        clickHouse.insertTsv(TABLE, COLUMNS, out -> batch.writeTo(out, storedAt));
    }

    @Override
    public List<StoredEvent> list(EventFilter filter) {
        List<String> matching = new ArrayList<>();
        matching.add("namespace = " + Sql.string(filter.namespace()));
        bound(matching, "time", "<", filter.to());
        bound(matching, "ingested_at", ">=", filter.ingestedAtFrom());
        bound(matching, "ingested_at", "<", filter.ingestedAtTo());
        if (filter.id() != null) {
            matching.add("positionCaseInsensitiveUTF8(id, " + Sql.string(filter.id()) + ") > 0");
        }
        if (filter.subject() != null) {
            matching.add("positionCaseInsensitiveUTF8(subject, " + Sql.string(filter.subject()) + ") > 0");
        }
        if (filter.subjects() != null) {
            matching.add(filter.subjects().isEmpty() ? "0"
                    : "subject IN (" + String.join(", ", filter.subjects().stream().map(Sql::string).toList()) + ")");
        }
        if (filter.type() != null) {
            matching.add("type = " + Sql.string(filter.type()));
        }
        List<String> where = new ArrayList<>(matching);
        bound(where, "time", ">=", filter.from());
        // The newest events are asked for first over the hour before the newest one, then wider: the table is sorted
        // by namespace and time, so a window reads only its own rows, where the whole range (a month of events at
        // the default lower bound) would be read, event bodies and all, and sorted to find the latest hundred. A
        // window that holds the limit holds the newest of them all. Finding the newest reads one narrow column.
        Optional<Instant> latest = newest(matching, where, filter.from());
        if (latest.isEmpty()) {
            return List.of();
        }
        Instant newest = latest.get().plusSeconds(1);
        for (Duration back : WIDENING) {
            Instant start = newest.minus(back);
            if (filter.from() != null && !start.isAfter(filter.from())) {
                break;
            }
            List<String> windowed = new ArrayList<>(where);
            bound(windowed, "time", ">=", start);
            List<StoredEvent> events = listWhere(filter.namespace(), windowed, filter.limit());
            if (events.size() >= filter.limit()) {
                return events;
            }
        }
        return listWhere(filter.namespace(), where, filter.limit());
    }

    /**
     * The time of the newest event that matches, if any. The newest time seen for the same conditions in the last
     * seconds is taken if it is within the range: an event newer than it still falls in the windows, which have no
     * upper bound but the caller's, and they only start earlier than they need to, so the answer stays exact; a page
     * browsed again and again then costs one query, not two. The lower bound is not part of the key, because the
     * default one moves with the clock.
     */
    private Optional<Instant> newest(List<String> matching, List<String> where, Instant from) {
        String key = String.join(" AND ", matching);
        Instant seen = recentNewest.getIfPresent(key);
        if (seen != null && (from == null || !seen.isBefore(from))) {
            return Optional.of(seen);
        }
        List<Instant> found = new ArrayList<>();
        clickHouse.query("SELECT toUnixTimestamp(max(time)) AS t, count() AS n FROM " + clickHouse.table(TABLE)
                + " WHERE " + String.join(" AND ", where), row -> {
                    if (row.get("n").asLong() > 0) {
                        found.add(Instant.ofEpochSecond(row.get("t").asLong()));
                    }
                });
        found.stream().findFirst().ifPresent(newest -> recentNewest.put(key, newest));
        return found.stream().findFirst();
    }

    /**
     * The newest events that match, in two reads: their Kafka positions first, from narrow columns only, then the
     * rows at those positions. Sorting the window's matching rows with their bodies (kilobytes each) made ClickHouse
     * read and hold every body of a busy hour, millions of them, to show a hundred.
     */
    private List<StoredEvent> listWhere(String namespace, List<String> where, int limit) {
        // A record written twice (a retried batch) may not be merged yet: keep one row per Kafka position.
        String positions = "SELECT toUnixTimestamp(time) AS t, topic, kafka_partition, kafka_offset FROM "
                + clickHouse.table(TABLE) + " WHERE " + String.join(" AND ", where)
                + " ORDER BY time DESC, kafka_offset DESC LIMIT 1 BY topic, kafka_partition, kafka_offset"
                + " LIMIT " + limit;
        List<Position> newest = new ArrayList<>();
        clickHouse.query(positions, row -> newest.add(new Position(row.get("topic").asText(),
                row.get("kafka_partition").asInt(), row.get("kafka_offset").asLong(), row.get("t").asLong())));
        if (newest.isEmpty()) {
            return List.of();
        }
        long earliest = newest.stream().mapToLong(Position::time).min().orElseThrow();
        long latest = newest.stream().mapToLong(Position::time).max().orElseThrow();
        String rows = SELECT + " FROM " + clickHouse.table(TABLE) + " WHERE namespace = " + Sql.string(namespace)
                + " AND time >= toDateTime(" + earliest + ") AND time <= toDateTime(" + latest + ")"
                + " AND (topic, kafka_partition, kafka_offset) IN (" + String.join(", ",
                        newest.stream().map(Position::tuple).toList()) + ")"
                + " LIMIT 1 BY topic, kafka_partition, kafka_offset";
        Map<Position, StoredEvent> byPosition = new HashMap<>();
        clickHouse.query(rows, row -> {
            StoredEvent event = toStoredEvent(row);
            byPosition.put(new Position(event.topic(), event.partition(), event.offset(),
                    event.time().getEpochSecond()), event);
        });
        return newest.stream().map(byPosition::get).filter(Objects::nonNull).toList();
    }

    /** Where an event sits in Kafka, and its time, which finds its row by the table's sort key. */
    private record Position(String topic, int partition, long offset, long time) {

        String tuple() {
            return "(" + Sql.string(topic) + ", " + partition + ", " + offset + ")";
        }
    }

    @Override
    public SortedMap<Instant, Long> countByHour(RawEventSelection selection) {
        SortedMap<Instant, Long> hours = new TreeMap<>();
        if (selection.before().isEmpty()) {
            return hours;
        }
        String sql = "SELECT toUnixTimestamp(toStartOfHour(time)) AS h, count() AS n FROM ("
                + "SELECT time, topic, kafka_partition, kafka_offset FROM " + clickHouse.table(TABLE) + " WHERE " + selected(selection)
                + " LIMIT 1 BY topic, kafka_partition, kafka_offset) GROUP BY h ORDER BY h";
        clickHouse.query(sql, row -> hours.put(Instant.ofEpochSecond(row.get("h").asLong()), row.get("n").asLong()));
        return hours;
    }

    @Override
    public void forEach(RawEventSelection selection, Instant from, Instant to, Consumer<StoredEvent> sink) {
        if (selection.before().isEmpty()) {
            return;
        }
        String sql = SELECT + " FROM " + clickHouse.table(TABLE) + " WHERE " + selected(selection)
                + " AND time >= toDateTime(" + from.getEpochSecond() + ") AND time < toDateTime("
                + to.getEpochSecond() + ") LIMIT 1 BY topic, kafka_partition, kafka_offset";
        clickHouse.query(sql, row -> sink.accept(toStoredEvent(row)));
    }

    private static String selected(RawEventSelection selection) {
        List<String> partitions = new ArrayList<>();
        selection.before().forEach((partition, before) -> partitions.add(
                "(kafka_partition = " + partition + " AND kafka_offset < " + before + ")"));
        return "namespace = " + Sql.string(selection.namespace()) + " AND type = " + Sql.string(selection.type())
                + " AND topic = " + Sql.string(selection.topic()) + " AND set_aside = 0 AND ("
                + String.join(" OR ", partitions) + ")";
    }

    private static StoredEvent toStoredEvent(JsonNode row) {
        return new StoredEvent(row.get("namespace").asText(), row.get("id").asText(), row.get("source").asText(),
                row.get("type").asText(), row.get("subject").asText(), Instant.ofEpochSecond(row.get("t").asLong()),
                Instant.ofEpochSecond(row.get("i").asLong()), Instant.ofEpochSecond(row.get("s").asLong()),
                row.get("event").asText().getBytes(StandardCharsets.UTF_8), row.get("validation_error").asText(),
                row.get("topic").asText(), row.get("kafka_partition").asInt(), row.get("kafka_offset").asLong(),
                row.get("set_aside").asInt() != 0);
    }

    private static void bound(List<String> where, String column, String op, Instant value) {
        if (value != null) {
            where.add(column + " " + op + " toDateTime(" + value.getEpochSecond() + ")");
        }
    }

    /** Raw events carry large JSON text: TabSeparated costs both sides less than JSON inside JSON. */
    /** Every column of {@link #COLUMNS} but {@code stored_at}. */
    private static void writeRow(StoredEvent e, TsvRowWriter row) throws IOException {
        row.string(e.namespace()).string(e.id()).string(e.source()).string(e.type()).string(e.subject())
                .number(Math.max(0, e.time().getEpochSecond())).number(e.ingestedAt().getEpochSecond())
                .utf8(e.event()).string(e.validationError()).string(e.topic())
                .number(e.partition()).number(e.offset()).number(e.setAside() ? 1 : 0);
    }
}
