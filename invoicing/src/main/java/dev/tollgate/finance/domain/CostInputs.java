package dev.tollgate.finance.domain;

import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.ingest.api.SubjectAttribution;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of everything besides usage that a month's costs are computed from: the metered features with their
 * filters and unit costs, the window series their meters read, the LLM price table and which customer held which
 * subject during the month. A stored month whose digest differs from today's inputs is not used: someone changed a
 * feature, re-created a meter, added a price or moved a subject since.
 */
public final class CostInputs {

    private CostInputs() {
    }

    /**
     * @param seriesBySlug each meter slug the features read (their own and cost meters) to its window series; a
     *     missing slug is a meter that is gone
     * @param attributions customer to the stretches of subjects it held, any range that covers the month
     */
    public static String digest(List<FeatureCosts.MeteredFeature> features, Map<String, String> seriesBySlug,
            List<LlmPrice> prices, Map<String, List<SubjectAttribution>> attributions, Instant monthStart,
            Instant monthEnd) {
        return catalogDigest(features, seriesBySlug, prices) + ":" + heldDigest(attributions, monthStart, monthEnd);
    }

    /**
     * The first half of {@link #digest}: features, meters and prices, a few rows that the refresher re-reads on every
     * round, where reading every customer's subjects again would cost as much as the month itself.
     */
    public static String catalogDigest(List<FeatureCosts.MeteredFeature> features, Map<String, String> seriesBySlug,
            List<LlmPrice> prices) {
        List<String> lines = new ArrayList<>();
        features.stream().map(f -> "feature " + f.key() + " " + f.meterSlug() + " "
                + new TreeMap<>(f.groupFilters() == null ? Map.of() : f.groupFilters()) + " " + f.unitCost())
                .sorted().forEach(lines::add);
        new TreeMap<>(seriesBySlug).forEach((slug, series) -> lines.add("meter " + slug + " " + series));
        prices.stream().map(p -> "price " + p).sorted().forEach(lines::add);
        return sha256(lines);
    }

    /** Whether a stored digest has the catalog half given. */
    public static boolean sameCatalog(String digest, String catalogDigest) {
        return digest != null && digest.startsWith(catalogDigest + ":");
    }

    private static String heldDigest(Map<String, List<SubjectAttribution>> attributions, Instant monthStart,
            Instant monthEnd) {
        List<String> held = new ArrayList<>();
        attributions.forEach((customer, stretches) -> stretches.forEach(a -> {
            Instant from = a.from() == null || a.from().isBefore(monthStart) ? monthStart : a.from();
            Instant to = a.to() == null || a.to().isAfter(monthEnd) ? monthEnd : a.to();
            if (from.isBefore(to)) {
                held.add("held " + a.subject() + " " + customer + " " + from.getEpochSecond() + " "
                        + to.getEpochSecond());
            }
        }));
        return sha256(held.stream().sorted().toList());
    }

    private static String sha256(List<String> lines) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
