package dev.tollgate.finance.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A part of the revenue report a caller may ask for alone: each is computed from its own source, and {@code projected}
 * prices every gathering invoice, so a page that shows only MRR should not pay for it.
 */
public enum RevenueSection {
    MRR, MOVEMENTS, INVOICED, PAID, PROJECTED;

    /** The name used in {@code sections=} and as the answer's field. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RevenueSection> byKey(String key) {
        for (RevenueSection section : values()) {
            if (section.key().equals(key)) {
                return Optional.of(section);
            }
        }
        return Optional.empty();
    }
}
