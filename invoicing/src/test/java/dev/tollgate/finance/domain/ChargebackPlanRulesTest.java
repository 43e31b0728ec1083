package dev.tollgate.finance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.shared.problem.ValidationError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChargebackPlanRulesTest {

    @Test
    void aCompletePlanIsValid() {
        assertThat(ChargebackPlanRules.check(plan("USD", BigDecimal.TEN, List.of(
                new ChargebackPlanDraft.AllocationRuleDraft("gateway", null, "proportional", null),
                new ChargebackPlanDraft.AllocationRuleDraft(null, "embeddings", "fixed",
                        Map.of("eng", new BigDecimal("33.3"), "sales", new BigDecimal("66.7"))))))).isEmpty();
    }

    @Test
    void fixedPercentagesMustAddUpToExactly100() {
        assertThat(fields(plan("USD", null, List.of(new ChargebackPlanDraft.AllocationRuleDraft(null, "f", "fixed",
                Map.of("eng", new BigDecimal("60"), "sales", new BigDecimal("39.99")))))))
                .containsExactly("allocationRules[0].percentages");
        assertThat(fields(plan("USD", null, List.of(new ChargebackPlanDraft.AllocationRuleDraft(null, "f", "fixed",
                null))))).containsExactly("allocationRules[0].percentages");
        assertThat(fields(plan("USD", null, List.of(new ChargebackPlanDraft.AllocationRuleDraft(null, "f", "fixed",
                Map.of("eng", new BigDecimal("-10"), "sales", new BigDecimal("110")))))))
                .hasSize(1).first().asString().startsWith("allocationRules[0].percentages.");
    }

    @Test
    void eachBrokenRuleNamesItsField() {
        assertThat(fields(new ChargebackPlanDraft(null, null, "costCenter", 2, new BigDecimal("-1"), "XXX", " ",
                List.of(new ChargebackPlanDraft.AllocationRuleDraft("a", "b", "evenly", null),
                        new ChargebackPlanDraft.AllocationRuleDraft("gw", null, "proportional",
                                Map.of("eng", BigDecimal.TEN)),
                        new ChargebackPlanDraft.AllocationRuleDraft("gw", null, "proportional", null)))))
                .containsExactlyInAnyOrder("name", "departmentLevel", "markupPercent", "currency", "creditAccount",
                        "allocationRules[0].customer", "allocationRules[0].split",
                        "allocationRules[1].percentages", "allocationRules[2].customer");
        assertThat(fields(plan(null, null, null))).containsExactly("currency");
    }

    private static ChargebackPlanDraft plan(String currency, BigDecimal markup,
            List<ChargebackPlanDraft.AllocationRuleDraft> rules) {
        return new ChargebackPlanDraft("Monthly", null, null, 1, markup, currency, null, rules);
    }

    private static List<String> fields(ChargebackPlanDraft draft) {
        return ChargebackPlanRules.check(draft).stream().map(ValidationError::field).toList();
    }
}
