package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.catalog.api.FeatureCosts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitCostPricerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-15T12:00:00Z");

    private final UnitCostPricer pricer = new UnitCostPricer(List.of(
            new LlmPrice("a", "ns", "openai", "gpt-4o", null, "USD", new LlmPricing(new BigDecimal("0.0000025"),
                    new BigDecimal("0.00001"), null, null, new BigDecimal("0.00002")), T0, null, T0, T0),
            new LlmPrice("b", "ns", "openai", "gpt-4o", null, "USD", new LlmPricing(new BigDecimal("0.000002"),
                    new BigDecimal("0.000008"), new BigDecimal("0.000001"), null, null), T1, null, T0, T0)));

    private static FeatureCosts.UnitCost llm(String provider, String modelProperty, String tokenTypeProperty) {
        return new FeatureCosts.UnitCost("llm", null, new FeatureCosts.Dimension(provider, null),
                new FeatureCosts.Dimension(null, modelProperty), new FeatureCosts.Dimension(null, tokenTypeProperty),
                null, "USD");
    }

    @Test
    void llmUsageIsPricedByTheRowsModelAndTokenTypeAtItsTime() {
        FeatureCosts.UnitCost cost = llm("openai", "model", "type");
        BigDecimal tokens = new BigDecimal("1000");
        assertThat(pricer.price("f", cost, Map.of("model", "gpt-4o", "type", "input"), tokens, T0).cost())
                .isEqualByComparingTo("0.0025");
        assertThat(pricer.price("f", cost, Map.of("model", "gpt-4o", "type", "response"), tokens, T1).cost())
                .isEqualByComparingTo("0.008");
        assertThat(pricer.price("f", cost, Map.of("model", "gpt-4o", "type", "reasoning"), tokens, T0).cost())
                .isEqualByComparingTo("0.02");
    }

    @Test
    void whatCannotBePricedCostsZeroAndSaysWhy() {
        FeatureCosts.UnitCost cost = llm("openai", "model", "type");
        BigDecimal tokens = BigDecimal.TEN;
        UnitCostPricer.Priced before = pricer.price("f", cost, Map.of("model", "gpt-4o", "type", "input"), tokens,
                T0.minusSeconds(1));
        assertThat(before.cost()).isZero();
        assertThat(before.warning()).contains("no LLM price", "gpt-4o", "input");
        assertThat(pricer.price("f", cost, Map.of("model", "gpt-4o", "type", "reasoning"), tokens, T1).warning())
                .contains("reasoning");
        assertThat(pricer.price("f", cost, Map.of("type", "input"), tokens, T1).warning()).contains("model");
        assertThat(pricer.price("f", cost, Map.of("model", "gpt-4o", "type", "pixels"), tokens, T1).warning())
                .contains("pixels");
    }

    @Test
    void manualIsUsageTimesAmountAndMeterCostsComeFromTheirOwnRows() {
        FeatureCosts.UnitCost manual = new FeatureCosts.UnitCost("manual", new BigDecimal("0.25"), null, null, null,
                null, "EUR");
        UnitCostPricer.Priced priced = pricer.price("f", manual, Map.of(), new BigDecimal("3"), T0);
        assertThat(priced.cost()).isEqualByComparingTo("0.75");
        assertThat(priced.currency()).isEqualTo("EUR");
        FeatureCosts.UnitCost meter = new FeatureCosts.UnitCost("meter", null, null, null, null, "kong_cost", "USD");
        assertThat(pricer.price("f", meter, Map.of(), BigDecimal.TEN, T0).cost()).isZero();
        assertThat(pricer.price("f", null, Map.of(), BigDecimal.TEN, T0).currency()).isEqualTo("USD");
        assertThat(pricer.priceChangesWithin(T0, T1.plusSeconds(1))).containsExactly(T1);
    }
}
