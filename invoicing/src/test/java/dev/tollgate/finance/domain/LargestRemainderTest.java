package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    @Test
    void theMissingCentsGoToTheAmountsThatLostTheMost() {
        // 3.333 + 3.333 + 3.334 = 10.00: rounding each alone gives 3.33 three times, a cent short.
        assertThat(LargestRemainder.apportion(List.of(new BigDecimal("3.333"), new BigDecimal("3.333"),
                new BigDecimal("3.334")), 2)).containsExactly(333L, 333L, 334L);
        // 1/3 each of 1.00: the tie goes to the first.
        BigDecimal third = new BigDecimal("0.3333333333");
        assertThat(LargestRemainder.apportion(List.of(third, third, third), 2)).containsExactly(34L, 33L, 33L);
    }

    @Test
    void theSumIsRoundedHalfUpAsThePricingEngineRounds() {
        assertThat(LargestRemainder.apportion(List.of(new BigDecimal("0.0025"), new BigDecimal("0.0025")), 2))
                .containsExactly(1L, 0L);
        assertThat(LargestRemainder.apportion(List.of(new BigDecimal("0.004")), 2)).containsExactly(0L);
        assertThat(LargestRemainder.apportion(List.of(new BigDecimal("12.5")), 0)).containsExactly(13L);
        assertThat(LargestRemainder.apportion(List.of(new BigDecimal("-0.005")), 2)).containsExactly(-1L);
        assertThat(LargestRemainder.apportion(List.of(), 2)).isEmpty();
    }

    /**
     * Random amounts against an oracle that works in whole numbers only: each amount is n / 10^k, so its floor and
     * remainder in minor units are an integer division, the rounded sum is half up of the numerators' sum, and the
     * extra units are handed out by picking the largest remainder (first on ties) one at a time.
     */
    @Test
    void matchesAnIntegerOracleOnRandomAmounts() {
        long seed = Long.getLong("tollgate.seed", System.nanoTime());
        System.out.println("LargestRemainderTest seed: " + seed + " (rerun with -Dtollgate.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int run = 0; run < 2000; run++) {
            int minorUnits = random.nextInt(4);
            int decimals = minorUnits + random.nextInt(6);
            long denominator = pow10(decimals - minorUnits);
            List<Long> numerators = new ArrayList<>();
            List<BigDecimal> amounts = new ArrayList<>();
            for (int i = random.nextInt(15); i >= 0; i--) {
                long n = random.nextInt(10) == 0 ? -random.nextInt(1_000_000) : random.nextLong(10_000_000_000L);
                numerators.add(n);
                amounts.add(BigDecimal.valueOf(n, decimals));
            }
            assertThat(LargestRemainder.apportion(amounts, minorUnits))
                    .as("seed %d run %d: %s to %d minor units", seed, run, amounts, minorUnits)
                    .isEqualTo(oracle(numerators, denominator));
        }
    }

    private static List<Long> oracle(List<Long> numerators, long denominator) {
        long total = 0;
        List<Long> result = new ArrayList<>();
        List<Long> remainders = new ArrayList<>();
        long floors = 0;
        for (long n : numerators) {
            total += n;
            result.add(Math.floorDiv(n, denominator));
            remainders.add(Math.floorMod(n, denominator));
            floors += Math.floorDiv(n, denominator);
        }
        long target = total >= 0 ? Math.floorDiv(2 * total + denominator, 2 * denominator)
                : -Math.floorDiv(-2 * total + denominator, 2 * denominator);
        boolean[] given = new boolean[numerators.size()];
        for (long k = floors; k < target; k++) {
            int best = -1;
            for (int i = 0; i < numerators.size(); i++) {
                if (!given[i] && (best < 0 || remainders.get(i) > remainders.get(best))) {
                    best = i;
                }
            }
            given[best] = true;
            result.set(best, result.get(best) + 1);
        }
        return result;
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
