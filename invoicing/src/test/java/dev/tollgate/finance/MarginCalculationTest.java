package dev.tollgate.finance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.finance.domain.MarginRow;
import dev.tollgate.finance.service.MarginCalculation;
import dev.tollgate.finance.service.UsageCosts;
import dev.tollgate.invoicing.api.InvoiceRevenue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Revenue against hand-made {@link UsageCosts} rows: grouping, plan attribution, order and the negative filter. */
class MarginCalculationTest {

    private static final Instant JAN = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2030-02-01T00:00:00Z");
    private static final Instant MID_JAN = Instant.parse("2030-01-16T00:00:00Z");

    /** acme is on pro until the 16th of January, then on max; globex on pro; initech on nothing. */
    private static final MarginCalculation.Plans PLANS = new MarginCalculation.Plans() {
        @Override
        public String ofSubscription(String subscriptionId) {
            return Map.of("s-acme-pro", "pro", "s-acme-max", "max", "s-globex", "pro").get(subscriptionId);
        }

        @Override
        public String ofCustomerDuring(String customerId, Instant from, Instant to) {
            return switch (customerId) {
                case "acme" -> from.isBefore(MID_JAN) ? "pro" : "max";
                case "globex" -> "pro";
                default -> null;
            };
        }
    };

    private static final List<InvoiceRevenue.ServiceSum> LINES = List.of(
            line("acme", "s-acme-pro", null, Map.of(), "20"),
            line("acme", "s-acme-pro", "gpt4o_tokens", Map.of("model", "gpt-4o"), "12.50"),
            line("globex", "s-globex", "gpt4o_tokens", Map.of("model", "gpt-4o"), "3"),
            line("globex", "s-globex", "claude_tokens", Map.of("model", "claude"), "1"));

    private static final List<UsageCosts.Row> COSTS = List.of(
            cost(JAN, "acme", "gpt4o_tokens", "gpt-4o", "10.25"),
            cost(MID_JAN, "acme", "gpt4o_tokens", "gpt-4o", "4"),
            cost(JAN, "globex", "gpt4o_tokens", "gpt-4o", "7.0000001"),
            cost(JAN, "globex", "claude_tokens", "claude", "0.5"),
            cost(JAN, "initech", "claude_tokens", "claude", "2"));

    @Test
    void perCustomerTheOnesThatCostMoreThanTheyPayComeFirst() {
        List<MarginRow> rows = MarginCalculation.rows(List.of("customer"), LINES, COSTS, PLANS, false);
        assertThat(rows).extracting(r -> r.group().get("customer")).containsExactly("globex", "initech", "acme");
        MarginRow globex = rows.get(0);
        assertThat(globex.revenue()).isEqualByComparingTo("4");
        assertThat(globex.cost()).isEqualByComparingTo("7.5000001");
        assertThat(globex.margin()).isEqualByComparingTo("-3.5000001");
        assertThat(rows.get(1).marginPercent()).isNull();
        MarginRow acme = rows.get(2);
        assertThat(acme.margin()).isEqualByComparingTo("18.25");
        assertThat(acme.marginPercent()).isEqualByComparingTo(new BigDecimal("18.25").multiply(BigDecimal
                .valueOf(100)).divide(new BigDecimal("32.5"), java.math.MathContext.DECIMAL128));
    }

    @Test
    void negativeKeepsOnlyTheLossMakers() {
        List<MarginRow> rows = MarginCalculation.rows(List.of("customer"), LINES, COSTS, PLANS, true);
        assertThat(rows).extracting(r -> r.group().get("customer")).containsExactly("globex", "initech");
    }

    @Test
    void perModelFromTheFeaturesFilterAndTheMetersGroupValue() {
        List<MarginRow> rows = MarginCalculation.rows(List.of("model"), LINES, COSTS, PLANS, false);
        Map<String, MarginRow> byModel = new HashMap<>();
        rows.forEach(r -> byModel.put(r.group().get("model"), r));
        assertThat(byModel.get("gpt-4o").revenue()).isEqualByComparingTo("15.5");
        assertThat(byModel.get("gpt-4o").cost()).isEqualByComparingTo("21.2500001");
        assertThat(byModel.get("claude").revenue()).isEqualByComparingTo("1");
        assertThat(byModel.get("claude").cost()).isEqualByComparingTo("2.5");
        // The flat fee has no model.
        assertThat(byModel.get(null).revenue()).isEqualByComparingTo("20");
        assertThat(byModel.get(null).cost()).isEqualByComparingTo("0");
        assertThat(rows.get(0).group().get("model")).isEqualTo("gpt-4o");
    }

    @Test
    void perPlanCostFollowsTheSubscriptionRunningWhenTheUsageHappened() {
        assertThat(MarginCalculation.costGroupBy(List.of("plan"))).containsExactly(UsageCosts.CUSTOMER);
        List<MarginRow> rows = MarginCalculation.rows(List.of("plan"), LINES, COSTS, PLANS, false);
        Map<String, MarginRow> byPlan = new HashMap<>();
        rows.forEach(r -> byPlan.put(r.group().get("plan"), r));
        assertThat(byPlan.get("pro").revenue()).isEqualByComparingTo("36.5");
        assertThat(byPlan.get("pro").cost()).isEqualByComparingTo("17.7500001");
        assertThat(byPlan.get("max").revenue()).isEqualByComparingTo("0");
        assertThat(byPlan.get("max").cost()).isEqualByComparingTo("4");
        assertThat(byPlan.get(null).cost()).isEqualByComparingTo("2");
        assertThat(rows).extracting(r -> r.group().get("plan")).containsExactly("max", null, "pro");
    }

    @Test
    void groupsCombineAndCurrenciesNeverMix() {
        List<UsageCosts.Row> costs = List.of(cost(JAN, "acme", "gpt4o_tokens", "gpt-4o", "1"),
                new UsageCosts.Row(JAN, FEB, Map.of("customer", "acme", "feature", "gpt4o_tokens"), "EUR",
                        BigDecimal.TEN, BigDecimal.ONE));
        List<MarginRow> rows = MarginCalculation.rows(List.of("customer", "feature"), LINES, costs, PLANS, false);
        assertThat(rows).filteredOn(r -> r.currency().equals("EUR")).singleElement()
                .satisfies(r -> assertThat(r.margin()).isEqualByComparingTo("-1"));
        assertThat(rows).filteredOn(r -> r.currency().equals("USD") && "acme".equals(r.group().get("customer"))
                && "gpt4o_tokens".equals(r.group().get("feature"))).singleElement()
                .satisfies(r -> assertThat(r.margin()).isEqualByComparingTo("11.5"));
        assertThat(rows.get(0).group().keySet()).containsExactly("customer", "feature");
    }

    private static InvoiceRevenue.ServiceSum line(String customer, String subscription, String feature,
            Map<String, String> filters, String total) {
        return new InvoiceRevenue.ServiceSum(customer, "USD", subscription, feature, filters, new BigDecimal(total));
    }

    private static UsageCosts.Row cost(Instant day, String customer, String feature, String model, String cost) {
        Map<String, String> group = new HashMap<>();
        group.put("customer", customer);
        group.put("feature", feature);
        group.put("model", model);
        return new UsageCosts.Row(day, day.plusSeconds(86_400), group, "USD", BigDecimal.ONE, new BigDecimal(cost));
    }
}
