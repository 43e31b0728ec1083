package dev.tollgate.meters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Builders for meters and events in tests; the mapper reads floats as BigDecimal, as the app's does. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    public static final String NAMESPACE = "acme";
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    public static Meter meter(Aggregation aggregation, String valueProperty) {
        return meter(aggregation, valueProperty, Map.of(), null);
    }

    public static Meter meter(Aggregation aggregation, String valueProperty, Map<String, String> groupBy) {
        return meter(aggregation, valueProperty, groupBy, null);
    }

    public static Meter meter(Aggregation aggregation, String valueProperty, Map<String, String> groupBy,
            Instant eventFrom) {
        String slug = aggregation.name().toLowerCase() + "_meter";
        return new Meter("m-" + slug, NAMESPACE, slug, slug, null, aggregation, "api-call", eventFrom,
                aggregation.needsValue() ? valueProperty : null, new TreeMap<>(groupBy), Map.of(), 1, CREATED, CREATED, null);
    }

    public static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An accepted event of type api-call for subject customer-1 at {@code time}, with {@code data} as JSON. */
    public static IngestedEvent event(String time, String data) {
        return event("customer-1", time, data);
    }

    public static IngestedEvent event(String subject, String time, String data) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "evt-" + time);
        event.put("source", "gateway");
        event.put("type", "api-call");
        event.put("subject", subject);
        event.put("time", time);
        if (data != null) {
            event.set("data", json(data));
        }
        return new IngestedEvent(NAMESPACE, Instant.parse(time), event);
    }
}
