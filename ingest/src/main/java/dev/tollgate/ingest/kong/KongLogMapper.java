package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns Kong Gateway http-log records ({@code kong.log.serialize()} output) into CloudEvents in structured JSON form,
 * ready for {@code CloudEventValidator}: one {@code api-request} event per record, plus one {@code llm-usage} event
 * per AI plugin that logged token statistics. Pure: no I/O, no state, safe to call from any thread.
 */
public final class KongLogMapper {

    public static final String API_REQUEST = "api-request";
    public static final String LLM_USAGE = "llm-usage";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KongLogMapper() {
    }

    /**
     * Maps a whole http-log request body, record by record: one record (Kong's default, {@code queue.max_batch_size =
     * 1}) or an array of records (batching; still an array when it holds one record). A record that cannot be mapped,
     * or AI usage whose counts are not counts, is set aside with the reason; the rest is mapped.
     *
     * @throws KongRecordException with index -1 if the body is neither an object nor an array
     */
    public static KongBatch mapBatch(JsonNode body, KongMappingConfig config) {
        Objects.requireNonNull(config, "config");
        if (body == null || !(body.isObject() || body.isArray())) {
            throw new KongRecordException(-1,
                    "must be a Kong http-log record (JSON object) or an array of them, not " + describe(body));
        }
        List<KongBatch.Event> events = new ArrayList<>();
        List<KongBatch.SetAside> setAside = new ArrayList<>();
        List<JsonNode> records = new ArrayList<>();
        if (body.isObject()) {
            records.add(body);
        } else {
            body.forEach(records::add);
        }
        for (int i = 0; i < records.size(); i++) {
            try {
                mapRecord(records.get(i), i, config, events, setAside);
            } catch (KongRecordException e) {
                setAside.add(new KongBatch.SetAside(i, unmappable(records.get(i), i), e.reason()));
            }
        }
        return new KongBatch(List.copyOf(events), List.copyOf(setAside));
    }

    /**
     * Maps a whole body strictly: every record must map, usage included.
     *
     * @throws KongRecordException naming the first record that cannot be mapped whole
     */
    public static List<ObjectNode> mapBody(JsonNode body, KongMappingConfig config) {
        KongBatch batch = mapBatch(body, config);
        if (!batch.setAside().isEmpty()) {
            KongBatch.SetAside first = batch.setAside().get(0);
            throw new KongRecordException(first.record(), first.reason());
        }
        return batch.events().stream().map(KongBatch.Event::event).toList();
    }

    /**
     * Maps one record: its {@code api-request} event first, then its {@code llm-usage} events.
     *
     * @throws KongRecordException with index 0 if the record cannot be mapped whole
     */
    public static List<ObjectNode> map(JsonNode record, KongMappingConfig config) {
        Objects.requireNonNull(config, "config");
        List<KongBatch.Event> events = new ArrayList<>();
        List<KongBatch.SetAside> setAside = new ArrayList<>();
        mapRecord(record, 0, config, events, setAside);
        if (!setAside.isEmpty()) {
            throw new KongRecordException(0, setAside.get(0).reason());
        }
        return events.stream().map(KongBatch.Event::event).toList();
    }

    private static void mapRecord(JsonNode record, int index, KongMappingConfig config, List<KongBatch.Event> events,
            List<KongBatch.SetAside> setAside) {
        Instant time = validate(record, index);
        String id = RequestId.of(record);
        String subject = Subjects.of(record, config);
        events.add(new KongBatch.Event(index,
                event(id, API_REQUEST, subject, time, ApiRequestData.of(record, config), config)));
        List<LlmUsage> usages = AiSection.usages(record);
        for (LlmUsage usage : usages) {
            // Several plugins can report usage for one call (e.g. ai-request-transformer then ai-proxy); each needs its
            // own stable id, while the common single-plugin case keeps the short one.
            String llmId = usages.size() == 1 ? id + ":llm" : id + ":llm:" + usage.plugin().orElse("ai");
            ObjectNode llm = event(llmId, LLM_USAGE, subject, time, LlmUsageData.of(usage, record), config);
            if (usage.problems().isEmpty()) {
                events.add(new KongBatch.Event(index, llm));
            } else {
                setAside.add(new KongBatch.SetAside(index, llm, String.join("; ", usage.problems())));
            }
        }
    }

    /**
     * What is kept of a record that could not be mapped: where it was and how Kong identified it, never the record
     * itself, whose headers may hold credentials in clear.
     */
    private static ObjectNode unmappable(JsonNode record, int index) {
        ObjectNode kept = NODES.objectNode();
        kept.put("kong_record", index);
        if (record != null && record.isObject()) {
            KongJson.putText(kept, "request_id", KongJson.text(record.path("request").get("id")));
            JsonNode startedAt = record.get("started_at");
            if (startedAt != null && startedAt.isValueNode()) {
                kept.set("started_at", startedAt);
            }
        }
        return kept;
    }

    /**
     * Every HTTP record Kong serializes has both fields; without {@code request} it is not an HTTP call (stream
     * subsystem logs look different), and without {@code started_at} it has no time to be metered at.
     */
    private static Instant validate(JsonNode record, int index) {
        if (record == null || !record.isObject()) {
            throw new KongRecordException(index, "must be a JSON object, not " + describe(record));
        }
        boolean hasRequest = record.path("request").isObject();
        JsonNode startedAt = record.get("started_at");
        boolean hasStartedAt = startedAt != null && !startedAt.isNull();
        if (!hasRequest && !hasStartedAt) {
            throw new KongRecordException(index,
                    "lacks both \"request\" and \"started_at\": not a Kong http-log record");
        }
        if (!hasRequest) {
            throw new KongRecordException(index, "lacks the \"request\" object");
        }
        if (!hasStartedAt) {
            throw new KongRecordException(index, "lacks \"started_at\"");
        }
        Optional<Instant> time = KongTime.startedAt(startedAt);
        if (time.isEmpty()) {
            throw new KongRecordException(index, "\"started_at\" must be epoch milliseconds between 1970 and 9999, not "
                    + abbreviate(startedAt.toString()));
        }
        return time.get();
    }

    private static ObjectNode event(String id, String type, String subject, Instant time, ObjectNode data,
            KongMappingConfig config) {
        ObjectNode event = NODES.objectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", config.source());
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", KongTime.format(time));
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String value) {
        return KongJson.abbreviate(value);
    }
}
