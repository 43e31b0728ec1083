package dev.tollgate.catalog.domain;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.shared.problem.MetadataRules;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.IsoPeriod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenMeter's rules for a plan version, each broken rule reported against the JSON path of the field that breaks it,
 * such as {@code phases[1].rateCards[0].price.tiers[1].upToAmount}. {@link #forDraft} checks a definition on its
 * own; {@link #forFeatures} and {@link #forPublish} check it against the namespace's features.
 */
public final class PlanRules {

    /** OpenMeter's key format, for plans, phases, rate cards and features: lower-case words joined by underscores. */
    static final Pattern KEY = Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)*");
    static final int MAX_KEY = 64;
    static final int MAX_NAME = 256;
    static final int MAX_DESCRIPTION = 1024;

    public static final String DEFAULT_CURRENCY = "USD";

    /** The plan billing cadences OpenMeter accepts ({@code ErrPlanBillingCadenceAllowedValues}). */
    public static final List<String> BILLING_CADENCES = List.of("P1W", "P2W", "P4W", "P1M", "P3M", "P6M", "P12M",
            "P1Y");

    private PlanRules() {
    }

    /** Every rule the definition breaks on its own; empty when it may be saved as a draft. */
    public static List<ValidationError> forDraft(PlanDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        key("key", draft.key(), errors);
        name("name", draft.name(), errors);
        describing("", draft.description(), draft.metadata(), errors);
        if (draft.currency() != null && currency(draft.currency()).isEmpty()) {
            errors.add(error("currency", "invalid", "must be an ISO 4217 currency code such as USD or EUR, not '"
                    + draft.currency() + "'"));
        }
        IsoPeriod cadence = billingCadence(draft.billingCadence(), errors);
        if (draft.proRatingConfig() != null && draft.proRatingConfig().mode() != null
                && !PlanProRating.PRORATE_PRICES.equals(draft.proRatingConfig().mode())) {
            errors.add(error("proRatingConfig.mode", "invalid", "must be " + PlanProRating.PRORATE_PRICES));
        }
        List<PlanPhaseDraft> phases = draft.phases();
        if (phases == null || phases.isEmpty()) {
            errors.add(error("phases", "required", "must have at least one phase"));
            return errors;
        }
        Set<String> phaseKeys = new HashSet<>();
        for (int index = 0; index < phases.size(); index++) {
            phase("phases[" + index + "]", phases.get(index), index == phases.size() - 1, cadence, phaseKeys,
                    errors);
        }
        return errors;
    }

    /**
     * Every rate card's feature exists in the namespace and is live, and usage is priced or metered only on features
     * with a meter. {@code features} maps each key to its live feature or, failing that, its last archived one.
     */
    public static List<ValidationError> forFeatures(List<PlanPhase> phases, Map<String, Feature> features) {
        List<ValidationError> errors = new ArrayList<>();
        for (int p = 0; p < phases.size(); p++) {
            List<RateCard> cards = phases.get(p).rateCards();
            for (int c = 0; c < cards.size(); c++) {
                RateCardRules.forFeature("phases[" + p + "].rateCards[" + c + "]", cards.get(c), features, errors);
            }
        }
        return errors;
    }

    /** What publishing needs of a valid draft: live features, and a rate card in every phase. */
    public static List<ValidationError> forPublish(List<PlanPhase> phases, Map<String, Feature> features) {
        List<ValidationError> errors = forFeatures(phases, features);
        for (int p = 0; p < phases.size(); p++) {
            if (phases.get(p).rateCards().isEmpty()) {
                errors.add(error("phases[" + p + "].rateCards", "required",
                        "must have at least one rate card before the plan is published"));
            }
        }
        return errors;
    }

    /** The currency, if it is one a plan can be priced in. */
    public static Optional<PricingCurrency> currency(String code) {
        try {
            return Optional.of(PricingCurrency.of(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static IsoPeriod billingCadence(String value, List<ValidationError> errors) {
        if (value == null) {
            errors.add(error("billingCadence", "required", "is required, such as P1M for monthly billing"));
            return null;
        }
        Optional<IsoPeriod> cadence = IsoPeriod.parse(value);
        if (cadence.isEmpty()) {
            errors.add(error("billingCadence", "invalid", "must be an ISO 8601 duration such as P1M, not '" + value
                    + "'"));
            return null;
        }
        boolean allowed = BILLING_CADENCES.stream().map(IsoPeriod::parse).flatMap(Optional::stream)
                .anyMatch(cadence.get()::equals);
        if (!allowed) {
            errors.add(error("billingCadence", "unsupported", "must be one of " + String.join(", ", BILLING_CADENCES)
                    + ", not '" + value + "'"));
            return null;
        }
        return cadence.get();
    }

    private static void phase(String prefix, PlanPhaseDraft phase, boolean last, IsoPeriod cadence,
            Set<String> phaseKeys, List<ValidationError> errors) {
        if (phase == null) {
            errors.add(error(prefix, "required", "must be a phase, not null"));
            return;
        }
        key(path(prefix, "key"), phase.key(), errors);
        if (phase.key() != null && !phaseKeys.add(phase.key())) {
            errors.add(error(path(prefix, "key"), "duplicated", "'" + phase.key()
                    + "' is the key of an earlier phase: phase keys are unique within a plan"));
        }
        name(path(prefix, "name"), phase.name(), errors);
        describing(prefix, phase.description(), phase.metadata(), errors);
        String durationPath = path(prefix, "duration");
        if (phase.duration() == null && !last) {
            errors.add(error(durationPath, "required",
                    "is required: only the last phase may last until the subscription ends"));
        } else if (phase.duration() != null && last) {
            errors.add(error(durationPath, "forbidden",
                    "must be null: the last phase lasts until the subscription ends"));
        } else if (phase.duration() != null) {
            period(durationPath, phase.duration(), errors);
        }
        if (phase.rateCards() == null) {
            errors.add(error(path(prefix, "rateCards"), "required", "is required, even if empty"));
            return;
        }
        Set<String> cardKeys = new HashSet<>();
        for (int index = 0; index < phase.rateCards().size(); index++) {
            String cardPath = path(prefix, "rateCards[" + index + "]");
            RateCardDraft card = phase.rateCards().get(index);
            errors.addAll(RateCardRules.forDraft(cardPath, card, cadence));
            if (card != null && card.key() != null && !cardKeys.add(card.key())) {
                errors.add(error(path(cardPath, "key"), "duplicated", "'" + card.key()
                        + "' is the key of an earlier rate card in this phase: keys are unique within a phase"));
            }
        }
    }

    /** An ISO 8601 period of at least an hour; returns it, or null after reporting why not. */
    static IsoPeriod period(String field, String value, List<ValidationError> errors) {
        Optional<IsoPeriod> period = IsoPeriod.parse(value);
        if (period.isEmpty()) {
            errors.add(error(field, "invalid", "must be an ISO 8601 duration such as P1M or P14D, not '" + value
                    + "'"));
            return null;
        }
        if (!period.get().atLeastAnHour()) {
            errors.add(error(field, "too_short", "must be at least one hour, not '" + value + "'"));
            return null;
        }
        return period.get();
    }

    static void key(String field, String value, List<ValidationError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(error(field, "required", "is required"));
        } else if (value.length() > MAX_KEY || !KEY.matcher(value).matches()) {
            errors.add(error(field, "invalid", "must be at most " + MAX_KEY
                    + " lower-case letters and digits in words joined by single underscores, such as api_requests,"
                    + " not '" + value + "'"));
        }
    }

    static void name(String field, String value, List<ValidationError> errors) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME) {
            errors.add(error(field, value == null ? "required" : "invalid", "must be 1 to " + MAX_NAME
                    + " characters"));
        }
    }

    static void describing(String prefix, String description, Map<String, String> metadata,
            List<ValidationError> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(error(path(prefix, "description"), "too_long", "must be at most " + MAX_DESCRIPTION
                    + " characters"));
        }
        metadata(path(prefix, "metadata"), metadata, errors);
    }

    static void metadata(String field, Map<String, String> metadata, List<ValidationError> errors) {
        MetadataRules.check(field, metadata, errors);
    }

    static String path(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }
}
