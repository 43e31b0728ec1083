package dev.tollgate.meters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.meters.api.Meter;
import java.time.Instant;
import java.util.Map;

/** A meter in OpenMeter's v1 JSON shape. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeterView(String id, String slug, String name, String description, String aggregation,
        String eventType, Instant eventFrom, String valueProperty, Map<String, String> groupBy,
        Map<String, String> metadata, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    static MeterView of(Meter meter) {
        return new MeterView(meter.id(), meter.slug(), meter.name(), meter.description(), meter.aggregation().name(),
                meter.eventType(), meter.eventFrom(), meter.valueProperty(), meter.groupBy(), meter.metadata(),
                meter.createdAt(), meter.updatedAt(), meter.deletedAt());
    }
}
