package dev.tollgate.catalog.api.pricing;

import java.util.List;

/** Tiers in ascending {@code upToAmount}, the last one open, applied {@link TierMode graduated or by volume}. */
public record TieredPrice(TierMode mode, List<PriceTier> tiers, Commitments commitments) implements UsagePrice {

    public TieredPrice {
        tiers = tiers == null ? null : List.copyOf(tiers);
        if (commitments == null) {
            commitments = Commitments.NONE;
        }
    }

    public static TieredPrice graduated(List<PriceTier> tiers) {
        return new TieredPrice(TierMode.GRADUATED, tiers, Commitments.NONE);
    }

    public static TieredPrice volume(List<PriceTier> tiers) {
        return new TieredPrice(TierMode.VOLUME, tiers, Commitments.NONE);
    }

    public TieredPrice withCommitments(Commitments commitments) {
        return new TieredPrice(mode, tiers, commitments);
    }

    @Override
    public String type() {
        return "tiered";
    }
}
