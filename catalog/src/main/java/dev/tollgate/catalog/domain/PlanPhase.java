package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stretch of a subscription with its own rate cards, such as a 14-day trial. In OpenMeter's JSON shape, which is
 * also how a plan version's phases are stored.
 *
 * @param duration ISO 8601; null on the last phase, which lasts until the subscription ends
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"key", "name", "description", "metadata", "duration", "rateCards"})
public record PlanPhase(String key, String name, String description, Map<String, String> metadata,
        @JsonInclude(JsonInclude.Include.ALWAYS) String duration,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<RateCard> rateCards) {

    /** Every feature key the phases' rate cards name, once each. */
    public static List<String> featureKeys(List<PlanPhase> phases) {
        return phases.stream().flatMap(phase -> phase.rateCards().stream()).map(RateCard::featureKey)
                .filter(Objects::nonNull).distinct().toList();
    }
}
