package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChargebackCalculatorTest {

    private static final BigDecimal AT_COST = BigDecimal.ZERO;

    @Test
    void atCostEachDepartmentPaysItsOwnUsageCreditedToThePlatform() {
        List<DepartmentCharge> charges = ChargebackCalculator.charge(List.of(
                item("eng", "c1", "gpt", "10.5"), item("eng", "c2", "api", "2.25"), item("sales", "c3", "api", "4"),
                item(null, null, "api", "0.125")), List.of(), AT_COST);

        assertThat(charges).extracting(DepartmentCharge::department).containsExactly("eng", "sales", null);
        DepartmentCharge eng = charges.get(0);
        assertThat(eng.directCost()).isEqualByComparingTo("12.75");
        assertThat(eng.allocatedCost()).isEqualByComparingTo("0");
        assertThat(eng.markup()).isEqualByComparingTo("0");
        assertThat(eng.total()).isEqualByComparingTo("12.75");
        assertThat(eng.charges()).containsOnlyKeys(CreditSide.PLATFORM);
        assertThat(charges.get(2).total()).isEqualByComparingTo("0.125");
    }

    @Test
    void markupIsAddedToDirectAndAllocatedCostAndToEveryJournalCharge() {
        List<DepartmentCharge> charges = ChargebackCalculator.charge(List.of(
                item("eng", "c1", "api", "10"), item("ops", "gw", "api", "4"), item("sales", "c3", "api", "30")),
                List.of(proportional("gw")), new BigDecimal("12.5"));

        DepartmentCharge eng = charges.get(0);
        assertThat(eng.department()).isEqualTo("eng");
        assertThat(eng.directCost()).isEqualByComparingTo("10");
        assertThat(eng.allocatedCost()).isEqualByComparingTo("1");
        assertThat(eng.markup()).isEqualByComparingTo("1.375");
        assertThat(eng.total()).isEqualByComparingTo("12.375");
        assertThat(eng.charges().get(CreditSide.PLATFORM)).isEqualByComparingTo("11.25");
        assertThat(eng.charges().get(CreditSide.department("ops"))).isEqualByComparingTo("1.125");
        assertThat(sum(eng.charges().values())).isEqualByComparingTo(eng.total());
    }

    @Test
    void aSharedPlatformCustomerIsSplitInProportionToEachDepartmentsOwnCostAndCreditedToItsDepartment() {
        List<DepartmentCharge> charges = ChargebackCalculator.charge(List.of(
                item("eng", "c1", "api", "30"), item("sales", "c2", "api", "10"),
                item("platform", "gw", "api", "8"), item("platform", "gw", "gpt", "12"),
                item("platform", "tooling", "api", "5")),
                List.of(proportional("gw")), AT_COST);

        assertThat(charges).extracting(DepartmentCharge::department).containsExactly("eng", "platform", "sales");
        // 20 shared over eng (30) and sales (10); the platform's own department pays its other usage only.
        assertThat(charges.get(0).allocatedCost()).isEqualByComparingTo("15");
        assertThat(charges.get(2).allocatedCost()).isEqualByComparingTo("5");
        assertThat(charges.get(1).directCost()).isEqualByComparingTo("5");
        assertThat(charges.get(1).allocatedCost()).isEqualByComparingTo("0");
        assertThat(charges.get(0).charges().get(CreditSide.department("platform"))).isEqualByComparingTo("15");
        assertThat(sum(charges.stream().map(DepartmentCharge::total).toList())).isEqualByComparingTo("65");
    }

    @Test
    void proportionalSharesThatDoNotDivideEvenlyStillAddUpToTheSharedCostExactly() {
        List<DepartmentCharge> charges = ChargebackCalculator.charge(List.of(
                item("a", "c1", "api", "1"), item("b", "c2", "api", "1"), item("c", "c3", "api", "1"),
                item("ops", "gw", "api", "10")), List.of(proportional("gw")), AT_COST);

        assertThat(charges.get(0).allocatedCost()).isEqualByComparingTo("3.333333333333333333333333333333333");
        assertThat(sum(charges.stream().map(DepartmentCharge::allocatedCost).toList())).isEqualByComparingTo("10");
    }

    @Test
    void aSharedFeatureIsSplitByFixedPercentagesOverDepartmentsEvenOnesWithoutUsageOfTheirOwn() {
        AllocationRule embeddings = new AllocationRule(null, "embeddings", AllocationRule.FIXED,
                Map.of("eng", new BigDecimal("62.5"), "legal", new BigDecimal("37.5")));
        List<DepartmentCharge> charges = ChargebackCalculator.charge(List.of(
                item("eng", "c1", "embeddings", "6"), item("sales", "c2", "embeddings", "2"),
                item("sales", "c2", "api", "1")), List.of(embeddings), AT_COST);

        assertThat(charges).extracting(DepartmentCharge::department).containsExactly("eng", "legal", "sales");
        assertThat(charges.get(0).allocatedCost()).isEqualByComparingTo("5");
        assertThat(charges.get(0).directCost()).isEqualByComparingTo("0");
        assertThat(charges.get(1).allocatedCost()).isEqualByComparingTo("3");
        assertThat(charges.get(2).total()).isEqualByComparingTo("1");
        assertThat(charges.get(1).charges()).containsOnlyKeys(CreditSide.PLATFORM);
    }

    @Test
    void aCostGoesToTheFirstRuleThatMatchesIt() {
        AllocationRule byFeature = new AllocationRule(null, "api", AllocationRule.FIXED,
                Map.of("sales", BigDecimal.valueOf(100)));
        List<DepartmentCharge> charges = ChargebackCalculator.charge(List.of(
                item("eng", "c1", "gpt", "1"), item("ops", "gw", "api", "4")),
                List.of(proportional("gw"), byFeature), AT_COST);

        assertThat(charges).extracting(DepartmentCharge::department).containsExactly("eng");
        assertThat(charges.get(0).allocatedCost()).isEqualByComparingTo("4");
    }

    @Test
    void aProportionalSplitWithNobodyToShareWithLeavesTheCostWhereItWas() {
        List<DepartmentCharge> charges = ChargebackCalculator.charge(List.of(
                item("ops", "gw", "api", "4")), List.of(proportional("gw")), AT_COST);

        assertThat(charges).hasSize(1);
        assertThat(charges.get(0).department()).isEqualTo("ops");
        assertThat(charges.get(0).directCost()).isEqualByComparingTo("4");
        assertThat(charges.get(0).charges()).containsOnlyKeys(CreditSide.PLATFORM);
    }

    @Test
    void noCostIsLostOrMadeWhateverTheRules() {
        long seed = Long.getLong("tollgate.seed", System.nanoTime());
        System.out.println("ChargebackCalculatorTest seed: " + seed + " (rerun with -Dtollgate.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int run = 0; run < 300; run++) {
            List<CostItem> items = new ArrayList<>();
            BigDecimal expected = BigDecimal.ZERO;
            for (int i = random.nextInt(12); i >= 0; i--) {
                BigDecimal cost = BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(8));
                items.add(item(random.nextInt(5) == 0 ? null : "d" + random.nextInt(4), "c" + random.nextInt(6),
                        "f" + random.nextInt(3), cost.toPlainString()));
                expected = expected.add(cost);
            }
            BigDecimal markup = BigDecimal.valueOf(random.nextInt(5000), 2);
            List<AllocationRule> rules = List.of(proportional("c" + random.nextInt(6)), new AllocationRule(null,
                    "f" + random.nextInt(3), AllocationRule.FIXED, Map.of("d1", BigDecimal.valueOf(30),
                            "x", BigDecimal.valueOf(70))));
            List<DepartmentCharge> charges = ChargebackCalculator.charge(items, rules, markup);
            BigDecimal withMarkup = expected.add(expected.multiply(markup).movePointLeft(2));
            assertThat(sum(charges.stream().map(DepartmentCharge::total).toList()))
                    .as("seed %d run %d", seed, run).isEqualByComparingTo(withMarkup);
            for (DepartmentCharge charge : charges) {
                assertThat(sum(charge.charges().values())).as("seed %d run %d", seed, run)
                        .isEqualByComparingTo(charge.total());
            }
        }
    }

    private static AllocationRule proportional(String customerId) {
        return new AllocationRule(customerId, null, AllocationRule.PROPORTIONAL, Map.of());
    }

    private static CostItem item(String department, String customer, String feature, String cost) {
        return new CostItem(department, customer, feature, new BigDecimal(cost));
    }

    private static BigDecimal sum(java.util.Collection<BigDecimal> amounts) {
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
