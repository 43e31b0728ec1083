package dev.tollgate.invoicing.domain;

import dev.tollgate.ingest.api.SubjectAttribution;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The exact usage question behind a line and its answer: the meter, the feature's filters on its group values, which
 * subjects were the customer's when, and the range (each bound at the start of its minute, as meters store usage).
 * Asking it again reproduces the quantity, unless late events arrived since.
 */
public record UsageSnapshot(String meterSlug, Map<String, String> groupFilters, List<SubjectAttribution> subjects,
        Instant from, Instant to, BigDecimal quantity, Instant snapshottedAt) {

    /** The question alone: equal for two snapshots that asked the same thing, whenever and whatever they found. */
    public UsageSnapshot withoutAnswer() {
        return new UsageSnapshot(meterSlug, groupFilters, subjects, from, to, null, null);
    }
}
