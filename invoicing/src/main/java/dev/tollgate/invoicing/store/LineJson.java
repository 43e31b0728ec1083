package dev.tollgate.invoicing.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Reads and writes the JSON columns of lines and invoices. */
@ApplicationScoped
public class LineJson {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    LineJson(ObjectMapper json) {
        this.json = json;
    }

    public JsonNode rateCard(InvoiceLineEntity line) {
        return tree(line.rateCard);
    }

    public Map<String, String> groupFilters(InvoiceLineEntity line) {
        return groupFilters(line.meterGroupByFilters);
    }

    /** A line's group filters from their stored JSON text. */
    public Map<String, String> groupFilters(String stored) {
        return stored == null || stored.equals("{}") ? Map.of() : read(stored, STRINGS);
    }

    public Map<String, String> metadata(String value) {
        return value == null ? Map.of() : read(value, STRINGS);
    }

    public UsageSnapshot snapshot(InvoiceLineEntity line) {
        return line.usageSnapshot == null ? null : read(line.usageSnapshot, UsageSnapshot.class);
    }

    public LineCharges charges(InvoiceLineEntity line) {
        return line.charges == null ? LineCharges.NONE : read(line.charges, LineCharges.class);
    }

    public JsonNode tree(String value) {
        try {
            return value == null ? null : json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored JSON", e);
        }
    }

    public <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored " + type.getSimpleName(), e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored JSON", e);
        }
    }

    public String write(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
