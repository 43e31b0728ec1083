package dev.tollgate.meters.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.tollgate.meters.domain.Aggregation;
import dev.tollgate.meters.domain.Meter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A meter with its JSONPaths compiled once, ready to read values and group values from event data. */
public final class CompiledMeter {

    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS, Option.DEFAULT_PATH_LEAF_TO_NULL)
            .build();

    private final Meter meter;
    private final JsonPath value;
    private final List<String> groupKeys;
    private final List<JsonPath> groupPaths;

    public CompiledMeter(Meter meter) {
        this.meter = meter;
        this.value = meter.aggregation().needsValue() ? JsonPath.compile(meter.valueProperty()) : null;
        this.groupKeys = List.copyOf(meter.groupBy().keySet());
        this.groupPaths = new ArrayList<>();
        for (Map.Entry<String, String> entry : meter.groupBy().entrySet()) {
            groupPaths.add(JsonPath.compile(entry.getValue()));
        }
    }

    public Meter meter() {
        return meter;
    }

    public List<String> groupKeys() {
        return groupKeys;
    }

    /** Group values in key order; a missing value, an object or an array reads as "", as in OpenMeter. */
    public List<String> groupValues(JsonNode data) {
        List<String> values = new ArrayList<>(groupPaths.size());
        for (JsonPath path : groupPaths) {
            values.add(asGroupValue(read(path, data)));
        }
        return values;
    }

    /** The raw value node at the meter's value property, or null when it is absent. */
    public JsonNode rawValue(JsonNode data) {
        return value == null ? null : read(value, data);
    }

    /** The event's numeric value; numeric strings count as numbers. Null when missing or not a number. */
    public static BigDecimal numeric(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public boolean counts() {
        return meter.aggregation() == Aggregation.COUNT;
    }

    public boolean countsDistinct() {
        return meter.aggregation() == Aggregation.UNIQUE_COUNT;
    }

    private static JsonNode read(JsonPath path, JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return null;
        }
        Object found = path.read(data, JSON_PATH);
        return found instanceof JsonNode node ? node : null;
    }

    private static String asGroupValue(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return "";
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        return node.asText();
    }
}
