package dev.tollgate.catalog.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.shared.problem.ValidationError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** OpenMeter's rules for a feature, each broken rule reported against the field that breaks it. */
public final class FeatureRules {

    /** The aggregations OpenMeter allows a feature's meter: usage that adds up over a period, or a latest reading. */
    static final Set<Aggregation> METERABLE = EnumSet.of(Aggregation.SUM, Aggregation.COUNT,
            Aggregation.UNIQUE_COUNT, Aggregation.LATEST);

    private FeatureRules() {
    }

    /** Every rule the feature breaks on its own; empty when its meter is all that is left to check. */
    public static List<ValidationError> forDraft(FeatureDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        PlanRules.key("key", draft.key(), errors);
        PlanRules.name("name", draft.name(), errors);
        PlanRules.metadata("metadata", draft.metadata(), errors);
        boolean metered = draft.meterSlug() != null;
        if (draft.meterSlug() != null && draft.meterSlug().isBlank()) {
            errors.add(error("meterSlug", "invalid", "must not be empty: leave it out for a static feature"));
        }
        if (draft.meterGroupByFilters() != null && !draft.meterGroupByFilters().isEmpty() && !metered) {
            errors.add(error("meterGroupByFilters", "forbidden", "need a meterSlug: they narrow the meter's usage"));
        }
        if (draft.unitCost() != null) {
            unitCost(draft.unitCost(), metered, errors);
        }
        return errors;
    }

    /** The feature's meter exists, can back a feature, and has every group-by key the filters name. */
    public static List<ValidationError> forMeter(FeatureDraft draft, Optional<Meter> meter) {
        List<ValidationError> errors = new ArrayList<>();
        if (meter.isEmpty()) {
            errors.add(error("meterSlug", "not_found", "names no meter: '" + draft.meterSlug() + "'"));
            return errors;
        }
        if (!METERABLE.contains(meter.get().aggregation())) {
            errors.add(error("meterSlug", "unsupported_aggregation", "names meter '" + meter.get().slug()
                    + "', which aggregates with " + meter.get().aggregation() + ": a feature needs one of "
                    + METERABLE));
        }
        if (draft.meterGroupByFilters() != null) {
            draft.meterGroupByFilters().forEach((key, value) -> {
                String field = "meterGroupByFilters." + key;
                if (!meter.get().groupBy().containsKey(key)) {
                    errors.add(error(field, "unknown_group_by", "is not a groupBy key of meter '"
                            + meter.get().slug() + "', which has " + meter.get().groupBy().keySet()));
                } else if (value == null || value.isEmpty()) {
                    errors.add(error(field, "required", "must be the value usage must have"));
                }
            });
        }
        return errors;
    }

    /** The token types an {@code llm} unit cost names; request and response stand for input and output. */
    static final Set<String> TOKEN_TYPES = Set.of("input", "output", "cache_read", "cache_write", "reasoning",
            "request", "response");

    /**
     * An {@code llm} unit cost reads only group-by properties the feature's meter has; a {@code meter} unit cost's
     * meter must exist and have every group-by key the feature filters on, so that its cost is narrowed as the usage
     * is.
     */
    public static List<ValidationError> forUnitCostMeters(FeatureDraft draft, Meter meter, Optional<Meter> costMeter) {
        List<ValidationError> errors = new ArrayList<>();
        FeatureDraft.UnitCost cost = draft.unitCost();
        if (cost == null) {
            return errors;
        }
        if (FeatureUnitCost.LLM.equals(cost.typeOrDefault())) {
            for (String field : List.of("providerProperty", "modelProperty", "tokenTypeProperty")) {
                String property = property(cost, field);
                if (property != null && !meter.groupBy().containsKey(property)) {
                    errors.add(error("unitCost." + field, "unknown_group_by", "is not a groupBy key of meter '"
                            + meter.slug() + "', which has " + meter.groupBy().keySet()));
                }
            }
        } else if (FeatureUnitCost.METER.equals(cost.typeOrDefault())) {
            if (costMeter.isEmpty()) {
                errors.add(error("unitCost.meter", "not_found", "names no meter: '" + cost.meter() + "'"));
            } else if (draft.meterGroupByFilters() != null) {
                draft.meterGroupByFilters().keySet().stream().filter(k -> !costMeter.get().groupBy().containsKey(k))
                        .findFirst().ifPresent(k -> errors.add(error("unitCost.meter", "unknown_group_by",
                                "names meter '" + costMeter.get().slug() + "', which has no groupBy key '" + k
                                        + "' that meterGroupByFilters narrow the usage by")));
            }
        }
        return errors;
    }

    private static void unitCost(FeatureDraft.UnitCost cost, boolean metered, List<ValidationError> errors) {
        if (!metered) {
            errors.add(error("unitCost", "forbidden", "needs a meterSlug: it is a cost per unit of metered usage"));
        }
        switch (cost.typeOrDefault()) {
            case FeatureUnitCost.MANUAL -> manual(cost, errors);
            case FeatureUnitCost.LLM -> llm(cost, errors);
            case FeatureUnitCost.METER -> {
                if (cost.meter() == null || cost.meter().isBlank()) {
                    errors.add(error("unitCost.meter", "required", "is required: the slug of the meter that"
                            + " measures the cost, such as a SUM of Kong's cost estimate"));
                }
            }
            default -> errors.add(error("unitCost.type", "invalid", "must be 'manual', 'llm' or 'meter', not '"
                    + cost.type() + "'"));
        }
        if (PlanRules.currency(cost.currencyOrDefault()).isEmpty()) {
            errors.add(error("unitCost.currency", "invalid", "must be an ISO 4217 currency code such as USD, not '"
                    + cost.currency() + "'"));
        }
    }

    private static void manual(FeatureDraft.UnitCost cost, List<ValidationError> errors) {
        if (cost.amount() == null) {
            errors.add(error("unitCost.amount", "required", "is required, such as \"0.000002\""));
        } else if (cost.amount().signum() < 0) {
            errors.add(error("unitCost.amount", "negative", "must not be negative, but is "
                    + RateCardJson.plain(cost.amount())));
        }
    }

    /** Provider, model and token type: each exactly one of a value and a meter group-by property. */
    private static void llm(FeatureDraft.UnitCost cost, List<ValidationError> errors) {
        if (cost.amount() != null) {
            errors.add(error("unitCost.amount", "forbidden", "is for manual unit costs: an llm cost is priced by"
                    + " the LLM cost table (/api/v1/llm-cost/prices)"));
        }
        dimension("provider", cost.provider(), cost.providerProperty(), errors);
        dimension("model", cost.model(), cost.modelProperty(), errors);
        dimension("tokenType", cost.tokenType(), cost.tokenTypeProperty(), errors);
        if (cost.tokenType() != null && !TOKEN_TYPES.contains(cost.tokenType())) {
            errors.add(error("unitCost.tokenType", "invalid", "must be one of input, output, cache_read,"
                    + " cache_write, reasoning (or request, response), not '" + cost.tokenType() + "'"));
        }
    }

    private static void dimension(String name, String value, String property, List<ValidationError> errors) {
        boolean hasValue = value != null && !value.isBlank();
        boolean hasProperty = property != null && !property.isBlank();
        if (hasValue == hasProperty) {
            errors.add(error("unitCost." + (hasValue ? name + "Property" : name), hasValue ? "conflict" : "required",
                    hasValue ? "cannot be given with " + name + ": give the value or the meter group-by property"
                            + " to read it from, not both"
                            : "is required, or " + name + "Property naming the meter group-by property it is in"));
        }
    }

    private static String property(FeatureDraft.UnitCost cost, String field) {
        return switch (field) {
            case "providerProperty" -> cost.providerProperty();
            case "modelProperty" -> cost.modelProperty();
            default -> cost.tokenTypeProperty();
        };
    }
}
