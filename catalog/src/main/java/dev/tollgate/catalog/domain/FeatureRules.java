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

    private static void unitCost(FeatureDraft.UnitCost cost, boolean metered, List<ValidationError> errors) {
        if (!metered) {
            errors.add(error("unitCost", "forbidden", "needs a meterSlug: it is a cost per unit of metered usage"));
        }
        if (cost.type() != null && !FeatureUnitCost.MANUAL.equals(cost.type())) {
            errors.add(error("unitCost.type", "llm".equals(cost.type()) ? "unsupported" : "invalid",
                    "llm".equals(cost.type()) ? "'llm' (a price list lookup) is not supported yet: give a 'manual'"
                            + " amount" : "must be 'manual', not '" + cost.type() + "'"));
        }
        if (cost.amount() == null) {
            errors.add(error("unitCost.amount", "required", "is required, such as \"0.000002\""));
        } else if (cost.amount().signum() < 0) {
            errors.add(error("unitCost.amount", "negative", "must not be negative, but is "
                    + RateCardJson.plain(cost.amount())));
        }
        if (PlanRules.currency(cost.currencyOrDefault()).isEmpty()) {
            errors.add(error("unitCost.currency", "invalid", "must be an ISO 4217 currency code such as USD, not '"
                    + cost.currency() + "'"));
        }
    }
}
