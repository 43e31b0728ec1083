package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.api.pricing.Commitments;
import dev.tollgate.catalog.api.pricing.DynamicPrice;
import dev.tollgate.catalog.api.pricing.FlatPrice;
import dev.tollgate.catalog.api.pricing.PackagePrice;
import dev.tollgate.catalog.api.pricing.PaymentTerm;
import dev.tollgate.catalog.api.pricing.Price;
import dev.tollgate.catalog.api.pricing.PriceTier;
import dev.tollgate.catalog.api.pricing.TierMode;
import dev.tollgate.catalog.api.pricing.TieredPrice;
import dev.tollgate.catalog.api.pricing.UnitPrice;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A price as a client sent it, every kind's fields in one shape, keyed by {@code type}. Decimals may be JSON strings
 * (as OpenMeter sends them) or numbers; both are read exactly.
 */
public record RateCardPriceDraft(String type, BigDecimal amount, String paymentTerm, String mode,
        List<RateCardTierDraft> tiers, BigDecimal quantityPerPackage, BigDecimal multiplier, BigDecimal minimumAmount,
        BigDecimal maximumAmount) {

    public static final String FLAT = "flat";
    /** OpenMeter's price types; a flat fee rate card takes only {@code flat}. */
    public static final List<String> TYPES = List.of(FLAT, "unit", "tiered", "package", "dynamic");

    /**
     * The price described, for a known {@code type}. A payment term or tier mode it cannot read becomes null: the
     * rules report those, and the pricing rules everything else.
     */
    public Price toPrice() {
        Commitments commitments = new Commitments(minimumAmount, maximumAmount);
        return switch (type) {
            case FLAT -> new FlatPrice(amount, parsePaymentTerm(paymentTerm).orElse(null));
            case "unit" -> new UnitPrice(amount, commitments);
            case "tiered" -> new TieredPrice(parseMode(mode).orElse(null), priceTiers(), commitments);
            case "package" -> new PackagePrice(amount, quantityPerPackage, commitments);
            case "dynamic" -> new DynamicPrice(multiplier, commitments);
            default -> throw new IllegalArgumentException("unknown price type: " + type);
        };
    }

    public static Optional<PaymentTerm> parsePaymentTerm(String value) {
        return Arrays.stream(PaymentTerm.values()).filter(term -> term.apiName().equals(value)).findFirst();
    }

    public static Optional<TierMode> parseMode(String value) {
        return Arrays.stream(TierMode.values()).filter(mode -> mode.apiName().equals(value)).findFirst();
    }

    private List<PriceTier> priceTiers() {
        if (tiers == null) {
            return null;
        }
        return tiers.stream().map(tier -> tier == null ? new PriceTier(null, null, null) : tier.toTier()).toList();
    }
}
