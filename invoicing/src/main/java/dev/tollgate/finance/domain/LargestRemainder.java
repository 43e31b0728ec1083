package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rounds exact amounts to minor units so that they add up to their rounded sum (the largest remainder method): the sum
 * is rounded half up, as every amount the pricing engine rounds ({@code PricingCurrency.ROUNDING}); each amount is
 * rounded down, and the minor units still missing go one each to the amounts that lost the most, ties to the earlier
 * amount. Rounding each amount on its own could miss the rounded sum by up to half a unit per amount.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /**
     * @param amounts exact, in the currency's major unit
     * @param minorUnits the currency's decimals (2 for USD, 0 for JPY)
     * @return each amount in minor units, in the same order, adding up to the sum of the amounts rounded half up
     */
    public static List<Long> apportion(List<BigDecimal> amounts, int minorUnits) {
        List<Long> floors = new ArrayList<>();
        List<BigDecimal> remainders = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        long floorSum = 0;
        for (BigDecimal amount : amounts) {
            BigDecimal scaled = amount.movePointRight(minorUnits);
            BigDecimal floor = scaled.setScale(0, RoundingMode.FLOOR);
            floors.add(floor.longValueExact());
            remainders.add(scaled.subtract(floor));
            floorSum += floor.longValueExact();
            sum = sum.add(amount);
        }
        long target = sum.movePointRight(minorUnits).setScale(0, RoundingMode.HALF_UP).longValueExact();
        // Between 0 and the number of amounts: each floor lost less than one unit, and the target is the sum rounded.
        long missing = target - floorSum;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> remainders.get(i)).reversed()
                .thenComparing(Comparator.naturalOrder()));
        List<Long> rounded = new ArrayList<>(floors);
        for (int k = 0; k < missing; k++) {
            int i = order.get(k);
            rounded.set(i, rounded.get(i) + 1);
        }
        return rounded;
    }
}
