package dev.tollgate.catalog.domain;

import java.util.List;
import java.util.Map;

/**
 * A plan version as a client sent it (POST, or PUT on a draft), before validation: every field may be missing or
 * malformed. {@code version}, {@code status} and the effective period are the server's and are ignored.
 *
 * @param currency ISO 4217; USD when absent, as in OpenMeter
 */
public record PlanDraft(String key, String name, String description, Map<String, String> metadata, String currency,
        String billingCadence, ProRating proRatingConfig, List<PlanPhaseDraft> phases) {

    /** OpenMeter's {@code proRatingConfig}; {@code enabled} defaults to true. */
    public record ProRating(Boolean enabled, String mode) {
    }

    public String currencyOrDefault() {
        return currency == null ? PlanRules.DEFAULT_CURRENCY : currency;
    }

    public PlanProRating proRating() {
        if (proRatingConfig == null) {
            return PlanProRating.DEFAULT;
        }
        return new PlanProRating(!Boolean.FALSE.equals(proRatingConfig.enabled()),
                proRatingConfig.mode() == null ? PlanProRating.PRORATE_PRICES : proRatingConfig.mode());
    }

    /** The phases described; only for a draft that {@link PlanRules} found valid. */
    public List<PlanPhase> toPhases() {
        return phases.stream().map(PlanPhaseDraft::toPhase).toList();
    }

    /** The same draft for another key and currency: a PUT may leave out what it cannot change. */
    public PlanDraft withKeyAndCurrency(String newKey, String newCurrency) {
        return new PlanDraft(newKey, name, description, metadata, newCurrency, billingCadence, proRatingConfig, phases);
    }
}
