package dev.tollgate.ingest.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.stream.EventFilter;
import dev.tollgate.ingest.stream.RawEventStore;
import dev.tollgate.ingest.stream.StoredEvent;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.Sql;
import dev.tollgate.shared.clickhouse.TsvRowWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class ClickHouseRawEventStore implements RawEventStore {

    private static final String TABLE = "events";
    private static final List<String> COLUMNS = List.of("namespace", "id", "source", "type", "subject", "time",
            "ingested_at", "stored_at", "event", "validation_error", "topic", "kafka_partition", "kafka_offset");

    private final ClickHouse clickHouse;
    private final Clock clock;

    ClickHouseRawEventStore(ClickHouse clickHouse, Clock clock) {
        this.clickHouse = clickHouse;
        this.clock = clock;
    }

    @Override
    public void write(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long storedAt = clock.instant().getEpochSecond();
        clickHouse.insertTsvRows(TABLE, COLUMNS, events, (e, row) -> writeRow(e, storedAt, row));
    }

    @Override
    public List<StoredEvent> list(EventFilter filter) {
        List<String> where = new ArrayList<>();
        where.add("namespace = " + Sql.string(filter.namespace()));
        bound(where, "time", ">=", filter.from());
        bound(where, "time", "<", filter.to());
        bound(where, "ingested_at", ">=", filter.ingestedAtFrom());
        bound(where, "ingested_at", "<", filter.ingestedAtTo());
        if (filter.id() != null) {
            where.add("positionCaseInsensitiveUTF8(id, " + Sql.string(filter.id()) + ") > 0");
        }
        if (filter.subject() != null) {
            where.add("positionCaseInsensitiveUTF8(subject, " + Sql.string(filter.subject()) + ") > 0");
        }
        if (filter.type() != null) {
            where.add("type = " + Sql.string(filter.type()));
        }
        // A record written twice (a retried batch) may not be merged yet: keep one row per Kafka position.
        String sql = "SELECT namespace, id, source, type, subject, toUnixTimestamp(time) AS t,"
                + " toUnixTimestamp(ingested_at) AS i, toUnixTimestamp(stored_at) AS s, event, validation_error, topic, kafka_partition, kafka_offset"
                + " FROM " + clickHouse.table(TABLE) + " WHERE " + String.join(" AND ", where)
                + " ORDER BY time DESC, kafka_offset DESC LIMIT 1 BY topic, kafka_partition, kafka_offset"
                + " LIMIT " + filter.limit();
        List<StoredEvent> events = new ArrayList<>();
        for (JsonNode row : clickHouse.query(sql)) {
            events.add(new StoredEvent(row.get("namespace").asText(), row.get("id").asText(),
                    row.get("source").asText(), row.get("type").asText(), row.get("subject").asText(),
                    Instant.ofEpochSecond(row.get("t").asLong()), Instant.ofEpochSecond(row.get("i").asLong()),
                    Instant.ofEpochSecond(row.get("s").asLong()),
                    row.get("event").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8), row.get("validation_error").asText(), row.get("topic").asText(),
                    row.get("kafka_partition").asInt(), row.get("kafka_offset").asLong()));
        }
        return events;
    }

    private static void bound(List<String> where, String column, String op, Instant value) {
        if (value != null) {
            where.add(column + " " + op + " toDateTime(" + value.getEpochSecond() + ")");
        }
    }

    /** Raw events carry large JSON text: TabSeparated costs both sides less than JSON inside JSON. */
    private static void writeRow(StoredEvent e, long storedAt, TsvRowWriter row) throws IOException {
        row.string(e.namespace()).string(e.id()).string(e.source()).string(e.type()).string(e.subject())
                .number(Math.max(0, e.time().getEpochSecond())).number(e.ingestedAt().getEpochSecond())
                .number(storedAt).utf8(e.event()).string(e.validationError()).string(e.topic())
                .number(e.partition()).number(e.offset());
    }
}
