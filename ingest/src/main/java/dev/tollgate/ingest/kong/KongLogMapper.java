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
     * Maps a whole http-log request body: one record (Kong's default, {@code queue.max_batch_size = 1}) or an array of
     * records (batching; still an array when it holds one record). Records are named by their position in errors.
     *
     * @throws KongRecordException with index -1 if the body is neither an object nor an array, or with the record's
     *         index if a record is invalid
     */
    public static List<ObjectNode> mapBody(JsonNode body, KongMappingConfig config) {
        Objects.requireNonNull(config, "config");
        if (body != null && body.isObject()) {
            return map(body, 0, config);
        }
        if (body == null || !body.isArray()) {
            throw new KongRecordException(-1,
                    "must be a Kong http-log record (JSON object) or an array of them, not " + describe(body));
        }
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            events.addAll(map(body.get(i), i, config));
        }
        return events;
    }

    /**
     * Maps one record: its {@code api-request} event first, then its {@code llm-usage} events.
     *
     * @throws KongRecordException with index 0 if the record is invalid
     */
    public static List<ObjectNode> map(JsonNode record, KongMappingConfig config) {
        Objects.requireNonNull(config, "config");
        return map(record, 0, config);
    }

    private static List<ObjectNode> map(JsonNode record, int index, KongMappingConfig config) {
        Instant time = validate(record, index);
        String id = RequestId.of(record);
        String subject = Subjects.of(record, config);
        List<ObjectNode> events = new ArrayList<>();
        events.add(event(id, API_REQUEST, subject, time, ApiRequestData.of(record, config), config));
        List<LlmUsage> usages = AiSection.usages(record);
        for (LlmUsage usage : usages) {
            // Several plugins can report usage for one call (e.g. ai-request-transformer then ai-proxy); each needs its
            // own stable id, while the common single-plugin case keeps the short one.
            String llmId = usages.size() == 1 ? id + ":llm" : id + ":llm:" + usage.plugin().orElse("ai");
            events.add(event(llmId, LLM_USAGE, subject, time, LlmUsageData.of(usage, record), config));
        }
        return events;
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
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}
