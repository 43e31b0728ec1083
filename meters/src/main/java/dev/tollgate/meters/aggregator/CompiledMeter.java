package dev.tollgate.meters.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.domain.MeterPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** A meter with its JSONPaths parsed once, ready to read values and group values from event data. */
public final class CompiledMeter {

    private static final Logger LOG = Logger.getLogger(CompiledMeter.class);

    /** Reads the node at one path of event data; null when absent. */
    @FunctionalInterface
    private interface PathReader {
        JsonNode read(JsonNode data);
    }

    private final Meter meter;
    private final PathReader value;
    private final List<String> groupKeys;
    private final List<PathReader> groupPaths;

    public CompiledMeter(Meter meter) {
        this.meter = meter;
        this.value = meter.aggregation().needsValue() ? reader(meter.valueProperty()) : null;
        this.groupKeys = List.copyOf(meter.groupBy().keySet());
        this.groupPaths = new ArrayList<>();
        for (Map.Entry<String, String> entry : meter.groupBy().entrySet()) {
            groupPaths.add(reader(entry.getValue()));
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
        for (PathReader path : groupPaths) {
            values.add(asGroupValue(readData(path, data)));
        }
        return values;
    }

    /** The raw value node at the meter's value property, or null when it is absent. */
    public JsonNode rawValue(JsonNode data) {
        return value == null ? null : readData(value, data);
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

    private static JsonNode readData(PathReader path, JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return null;
        }
        return path.read(data);
    }

    /**
     * Paths were checked when the meter was saved; one stored before the safe subset existed, and outside it, reads
     * nothing rather than stopping the aggregator.
     */
    private static PathReader reader(String path) {
        Optional<MeterPath> parsed = MeterPath.parse(path);
        if (parsed.isEmpty()) {
            LOG.warnf("meter path %s is outside the supported JSONPath subset and reads nothing", path);
            return data -> null;
        }
        return parsed.get()::read;
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
