package dev.tollgate.catalog.domain;

import static dev.tollgate.shared.problem.ValidationError.error;
import static dev.tollgate.catalog.domain.PlanRules.path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.catalog.api.pricing.Price;
import dev.tollgate.catalog.api.pricing.PriceRules;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OpenMeter's rules for one rate card, below the JSON path of the card (such as {@code phases[1].rateCards[0]}).
 * Prices and discounts are checked by {@link PriceRules}; this class adds what depends on the card: its kind, key,
 * feature, cadence and entitlement template.
 */
public final class RateCardRules {

    private static final List<String> TYPES = List.of(RateCard.FLAT_FEE, RateCard.USAGE_BASED);
    private static final List<String> TEMPLATE_TYPES = List.of(EntitlementTemplate.METERED,
            EntitlementTemplate.BOOLEAN, EntitlementTemplate.STATIC);
    private static final int MIN_PRIORITY = 1;
    private static final int MAX_THRESHOLDS = 10;
    private static final List<String> THRESHOLD_TYPES = List.of(UsageThreshold.PERCENT, UsageThreshold.NUMBER);
    private static final int MAX_PRIORITY = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RateCardRules() {
    }

    /**
     * Every rule the card breaks on its own and against the plan's billing cadence (null when that is itself
     * invalid).
     */
    static List<ValidationError> forDraft(String prefix, RateCardDraft card, IsoPeriod planCadence) {
        List<ValidationError> errors = new ArrayList<>();
        if (card == null) {
            errors.add(error(prefix, "required", "must be a rate card, not null"));
            return errors;
        }
        if (card.type() == null) {
            errors.add(error(path(prefix, "type"), "required", "is required: flat_fee or usage_based"));
        } else if (!TYPES.contains(card.type())) {
            errors.add(error(path(prefix, "type"), "invalid", "must be flat_fee or usage_based, not '" + card.type()
                    + "'"));
            return errors;
        }
        PlanRules.key(path(prefix, "key"), card.key(), errors);
        PlanRules.name(path(prefix, "name"), card.name(), errors);
        PlanRules.describing(prefix, card.description(), card.metadata(), errors);
        feature(prefix, card, errors);
        cadence(prefix, card, planCadence, errors);
        price(prefix, card, errors);
        template(prefix, card, errors);
        if (card.taxConfig() != null && !card.taxConfig().isNull() && !card.taxConfig().isObject()) {
            errors.add(error(path(prefix, "taxConfig"), "invalid", "must be an object"));
        }
        return errors;
    }

    /** The card's feature exists, is live, and has a meter if the card prices or limits its usage. */
    static void forFeature(String prefix, RateCard card, Map<String, Feature> features,
            List<ValidationError> errors) {
        if (card.featureKey() == null) {
            return;
        }
        String field = path(prefix, "featureKey");
        Feature feature = features.get(card.featureKey());
        if (feature == null) {
            errors.add(error(field, "not_found", "names no feature: '" + card.featureKey() + "'"));
        } else if (feature.archivedAt() != null) {
            errors.add(error(field, "archived", "names feature '" + card.featureKey() + "', which was archived at "
                    + feature.archivedAt() + ": archived features cannot be used by new plan versions"));
        } else if (feature.meterSlug() == null && card instanceof UsageBasedRateCard) {
            errors.add(error(field, "not_metered", "names feature '" + card.featureKey()
                    + "', which has no meterSlug: a usage_based rate card needs a metered feature"));
        } else if (feature.meterSlug() == null
                && card.entitlementTemplate() instanceof EntitlementTemplate.MeteredTemplate) {
            errors.add(error(path(prefix, "entitlementTemplate.type"), "not_metered", "is metered, but feature '"
                    + card.featureKey() + "' has no meterSlug to count usage with"));
        }
    }

    private static void feature(String prefix, RateCardDraft card, List<ValidationError> errors) {
        String field = path(prefix, "featureKey");
        if (card.featureKey() == null) {
            if (card.isUsageBased()) {
                errors.add(error(field, "required", "is required: a usage_based rate card prices a feature's usage"));
            } else if (card.entitlementTemplate() != null) {
                errors.add(error(field, "required",
                        "is required with an entitlementTemplate: an entitlement grants access to a feature"));
            }
            return;
        }
        PlanRules.key(field, card.featureKey(), errors);
        if (card.key() != null && !card.key().equals(card.featureKey())) {
            errors.add(error(path(prefix, "key"), "feature_key_mismatch", "must equal featureKey '"
                    + card.featureKey() + "', as in OpenMeter: a phase has at most one rate card per feature"));
        }
    }

    private static void cadence(String prefix, RateCardDraft card, IsoPeriod planCadence,
            List<ValidationError> errors) {
        String field = path(prefix, "billingCadence");
        if (card.billingCadence() == null) {
            if (card.isUsageBased()) {
                errors.add(error(field, "required", "is required for a usage_based rate card, such as P1M"));
            }
            return;
        }
        IsoPeriod cadence = PlanRules.period(field, card.billingCadence(), errors);
        if (cadence != null && planCadence != null && card.price() != null && !cadence.alignsWith(planCadence)) {
            errors.add(error(field, "unaligned", "'" + card.billingCadence()
                    + "' must equal the plan's billingCadence, or divide it or be a multiple of it"));
        }
    }

    private static void price(String prefix, RateCardDraft card, List<ValidationError> errors) {
        RateCardPriceDraft draft = card.price();
        String pricePath = path(prefix, "price");
        if (draft == null) {
            if (card.discounts() != null && card.discounts().toDiscounts() != null) {
                errors.add(error(path(prefix, "discounts"), "forbidden", "need a price: a free rate card has"
                        + " nothing to discount"));
            }
            return;
        }
        String typePath = path(pricePath, "type");
        boolean flatFee = RateCard.FLAT_FEE.equals(card.type());
        if (draft.type() == null) {
            errors.add(error(typePath, "required", "is required: one of " + allowedPrices(flatFee)));
            return;
        }
        if (flatFee ? !RateCardPriceDraft.FLAT.equals(draft.type()) : !RateCardPriceDraft.TYPES.contains(
                draft.type())) {
            errors.add(error(typePath, "invalid", "must be " + allowedPrices(flatFee) + " for a " + card.type()
                    + " rate card, not '" + draft.type() + "'"));
            return;
        }
        List<ValidationError> own = new ArrayList<>();
        if (draft.paymentTerm() != null && RateCardPriceDraft.parsePaymentTerm(draft.paymentTerm()).isEmpty()) {
            own.add(error(path(pricePath, "paymentTerm"), "invalid", "must be in_advance or in_arrears, not '"
                    + draft.paymentTerm() + "'"));
        }
        if (draft.mode() != null && RateCardPriceDraft.parseMode(draft.mode()).isEmpty()) {
            own.add(error(path(pricePath, "mode"), "invalid", "must be graduated or volume, not '" + draft.mode()
                    + "'"));
        }
        tierComponents(pricePath, draft, own);
        Price price = draft.toPrice();
        List<ValidationError> all = new ArrayList<>(own);
        all.addAll(PriceRules.forPrice(pricePath, price));
        if (card.discounts() != null && card.discounts().toDiscounts() != null) {
            all.addAll(PriceRules.forDiscounts(path(prefix, "discounts"), card.discounts().toDiscounts(), price));
        }
        errors.addAll(firstPerField(all));
    }

    /** A tier's price component, when given, must carry an amount. */
    private static void tierComponents(String pricePath, RateCardPriceDraft draft, List<ValidationError> errors) {
        if (draft.tiers() == null) {
            return;
        }
        for (int index = 0; index < draft.tiers().size(); index++) {
            RateCardTierDraft tier = draft.tiers().get(index);
            String tierPath = path(pricePath, "tiers[" + index + "]");
            if (tier != null && tier.flatPrice() != null && tier.flatPrice().amount() == null) {
                errors.add(error(path(tierPath, "flatPrice.amount"), "required", "is required"));
            }
            if (tier != null && tier.unitPrice() != null && tier.unitPrice().amount() == null) {
                errors.add(error(path(tierPath, "unitPrice.amount"), "required", "is required"));
            }
        }
    }

    private static void template(String prefix, RateCardDraft card, List<ValidationError> errors) {
        EntitlementTemplateDraft template = card.entitlementTemplate();
        if (template == null) {
            return;
        }
        String templatePath = path(prefix, "entitlementTemplate");
        if (template.type() == null || !TEMPLATE_TYPES.contains(template.type())) {
            errors.add(error(path(templatePath, "type"), template.type() == null ? "required" : "invalid",
                    "must be metered, boolean or static"));
            return;
        }
        PlanRules.metadata(path(templatePath, "metadata"), template.metadata(), errors);
        if (EntitlementTemplate.METERED.equals(template.type())) {
            metered(templatePath, template, card.billingCadence(), errors);
        } else if (EntitlementTemplate.STATIC.equals(template.type())) {
            staticConfig(path(templatePath, "config"), template, errors);
        }
    }

    private static void metered(String templatePath, EntitlementTemplateDraft template, String cardCadence,
            List<ValidationError> errors) {
        BigDecimal allowance = template.issueAfterReset();
        String allowancePath = path(templatePath, "issueAfterReset");
        if (allowance == null) {
            errors.add(error(allowancePath, "required", "is required: the usage allowed each usagePeriod, such as"
                    + " 100"));
        } else if (allowance.signum() < 0) {
            errors.add(error(allowancePath, "negative", "must not be negative, but is "
                    + RateCardJson.plain(allowance)));
        }
        Integer priority = template.issueAfterResetPriority();
        if (priority != null && (priority < MIN_PRIORITY || priority > MAX_PRIORITY)) {
            errors.add(error(path(templatePath, "issueAfterResetPriority"), "out_of_range", "must be between "
                    + MIN_PRIORITY + " and " + MAX_PRIORITY + ", but is " + priority));
        }
        thresholds(path(templatePath, "thresholds"), template.thresholds(), errors);
        String periodPath = path(templatePath, "usagePeriod");
        if (template.usagePeriod() != null) {
            PlanRules.period(periodPath, template.usagePeriod(), errors);
        } else if (cardCadence == null) {
            errors.add(error(periodPath, "required",
                    "is required: the rate card has no billingCadence for it to default to"));
        }
    }

    private static void thresholds(String field, List<UsageThreshold> thresholds, List<ValidationError> errors) {
        if (thresholds == null) {
            return;
        }
        if (thresholds.size() > MAX_THRESHOLDS) {
            errors.add(error(field, "too_many", "must have at most " + MAX_THRESHOLDS + " entries"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < thresholds.size(); i++) {
            UsageThreshold threshold = thresholds.get(i);
            String at = field + "[" + i + "]";
            if (threshold == null || !THRESHOLD_TYPES.contains(threshold.type())) {
                errors.add(error(at + ".type", "invalid", "must be PERCENT or NUMBER"));
            } else if (threshold.value() == null || threshold.value().signum() <= 0) {
                errors.add(error(at + ".value", "invalid", "must be a number above 0"));
            } else if (!seen.add(threshold.type() + ":" + threshold.value().stripTrailingZeros())) {
                errors.add(error(at, "duplicate", "repeats " + threshold.type() + " "
                        + RateCardJson.plain(threshold.value())));
            }
        }
    }

    private static void staticConfig(String field, EntitlementTemplateDraft template, List<ValidationError> errors) {
        String config = template.configText();
        if (config == null) {
            errors.add(error(field, "required", "is required: a JSON object, such as \"{\\\"seats\\\": 5}\""));
            return;
        }
        try {
            JsonNode parsed = JSON.readTree(config);
            if (parsed == null || !parsed.isObject()) {
                errors.add(error(field, "invalid_json", "must be a JSON object"));
            }
        } catch (JsonProcessingException e) {
            errors.add(error(field, "invalid_json", "must be a JSON object: " + e.getOriginalMessage()));
        }
    }

    private static String allowedPrices(boolean flatFee) {
        return flatFee ? RateCardPriceDraft.FLAT : String.join(", ", RateCardPriceDraft.TYPES);
    }

    /** One error per field, ours first: they name an unreadable value that the pricing rules only see as absent. */
    private static List<ValidationError> firstPerField(List<ValidationError> errors) {
        Set<String> seen = new HashSet<>();
        return errors.stream().filter(e -> seen.add(e.field())).collect(Collectors.toList());
    }
}
