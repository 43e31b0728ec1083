package dev.tollgate.catalog.domain;

import java.util.List;
import java.util.Map;

/** A phase as a client sent it. */
public record PlanPhaseDraft(String key, String name, String description, Map<String, String> metadata,
        String duration, List<RateCardDraft> rateCards) {

    /** The phase described; only for a draft that {@link PlanRules} found valid. */
    public PlanPhase toPhase() {
        return new PlanPhase(key, name, description, metadata, duration,
                rateCards == null ? List.of() : rateCards.stream().map(RateCardDraft::toRateCard).toList());
    }
}
