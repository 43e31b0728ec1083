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

    /** The two maps' amounts added key by key, in the order keys first appear. */
    static Map<String, BigDecimal> plus(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        Map<String, BigDecimal> result = new LinkedHashMap<>(a);
        b.forEach((key, value) -> result.merge(key, value, BigDecimal::add));
        return Collections.unmodifiableMap(result);
    }

    /** Each key of {@code from} less what {@code taken} holds for it, in {@code from}'s order. */
    static Map<String, BigDecimal> minus(Map<String, BigDecimal> from, Map<String, BigDecimal> taken) {
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        from.forEach((key, value) -> result.put(key, value.subtract(taken.getOrDefault(key, BigDecimal.ZERO))));
        return Collections.unmodifiableMap(result);
    }
}
