package dev.tollgate.notifications.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which balance thresholds fire (docs/notifications.md). Usage thresholds ({@code usage_value},
 * {@code usage_percentage} and the legacy {@code NUMBER} and {@code PERCENT}) are reached when the period's usage is
 * at or above their level; only the highest reached fires. Balance thresholds ({@code balance_value}) are reached when the balance is at or
 * below them; only the lowest reached fires. A threshold fires once per usage period: not when one at least as far
 * (a higher usage level, a lower balance) was sent in the period, so a grant that lowers the percentage re-fires
 * nothing. Without grants in the period (total 0) nothing fires, as in OpenMeter.
 */
public final class Thresholds {

    public static final String USAGE_VALUE = "usage_value";
    public static final String USAGE_PERCENTAGE = "usage_percentage";
    public static final String BALANCE_VALUE = "balance_value";
    public static final String NUMBER = "NUMBER";
    public static final String PERCENT = "PERCENT";
    public static final Set<String> TYPES = Set.of(PERCENT, NUMBER, BALANCE_VALUE, USAGE_PERCENTAGE, USAGE_VALUE);
    public static final String USAGE = "usage";
    public static final String BALANCE = "balance";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A threshold as configured: the type is kept as given. */
    public record Threshold(String type, BigDecimal value) {

        public String kind() {
            return BALANCE_VALUE.equals(type) ? BALANCE : USAGE;
        }

        /** Usage thresholds' level in units of the meter, given the period's grants. */
        BigDecimal usageLevel(BigDecimal totalGrants) {
            return USAGE_PERCENTAGE.equals(type) || PERCENT.equals(type)
                    ? totalGrants.multiply(value).divide(HUNDRED) : value;
        }

        boolean reached(Figures f) {
            return BALANCE.equals(kind()) ? f.balance().compareTo(value) <= 0
                    : f.usage().compareTo(usageLevel(f.totalGrants())) >= 0;
        }
    }

    /** The entitlement's figures in the current usage period. */
    public record Figures(BigDecimal usage, BigDecimal balance, BigDecimal totalGrants) {
    }

    private Thresholds() {
    }

    /** The thresholds to fire now: at most one usage and one balance threshold, none already covered. */
    public static List<Threshold> toFire(List<Threshold> thresholds, Figures figures, List<Threshold> sent) {
        List<Threshold> fire = new ArrayList<>();
        if (figures.totalGrants() == null || figures.totalGrants().signum() <= 0 || figures.usage() == null
                || figures.balance() == null) {
            return fire;
        }
        highestUsage(thresholds, figures).filter(h -> sent.stream().noneMatch(s -> USAGE.equals(s.kind())
                && s.usageLevel(figures.totalGrants()).compareTo(h.usageLevel(figures.totalGrants())) >= 0))
                .ifPresent(fire::add);
        lowestBalance(thresholds, figures).filter(l -> sent.stream().noneMatch(s -> BALANCE.equals(s.kind())
                && s.value().compareTo(l.value()) <= 0)).ifPresent(fire::add);
        return fire;
    }

    private static Optional<Threshold> highestUsage(List<Threshold> thresholds, Figures f) {
        Threshold highest = null;
        for (Threshold t : thresholds) {
            if (USAGE.equals(t.kind()) && t.reached(f) && (highest == null
                    || t.usageLevel(f.totalGrants()).compareTo(highest.usageLevel(f.totalGrants())) > 0)) {
                highest = t;
            }
        }
        return Optional.ofNullable(highest);
    }

    private static Optional<Threshold> lowestBalance(List<Threshold> thresholds, Figures f) {
        Threshold lowest = null;
        for (Threshold t : thresholds) {
            if (BALANCE.equals(t.kind()) && t.reached(f)
                    && (lowest == null || t.value().compareTo(lowest.value()) < 0)) {
                lowest = t;
            }
        }
        return Optional.ofNullable(lowest);
    }
}
