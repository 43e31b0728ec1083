package dev.tollgate.entitlements.credit;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sums and differences of exact amounts. */
final class Amounts {

    private Amounts() {
    }

    static BigDecimal sum(Collection<BigDecimal> amounts) {
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Each key of {@code from} less what {@code taken} holds for it, in {@code from}'s order. */
    static Map<String, BigDecimal> minus(Map<String, BigDecimal> from, Map<String, BigDecimal> taken) {
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        from.forEach((key, value) -> result.put(key, value.subtract(taken.getOrDefault(key, BigDecimal.ZERO))));
        return Collections.unmodifiableMap(result);
    }
}
