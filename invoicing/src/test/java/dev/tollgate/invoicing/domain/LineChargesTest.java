package dev.tollgate.invoicing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.catalog.api.pricing.DiscountKind;
import dev.tollgate.catalog.api.pricing.LineKind;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineChargesTest {

    private static LineCharges.Charge charge(String key, LineKind kind, String quantity, String amount) {
        return new LineCharges.Charge(key, kind, key, new BigDecimal(quantity), BigDecimal.ONE, new BigDecimal(amount));
    }

    @Test
    void totalsSeparateChargesCommitmentsAndDiscounts() {
        LineCharges charges = new LineCharges(List.of(charge("usage", LineKind.USAGE, "150", "1.50"),
                charge("minimum-spend", LineKind.MINIMUM_SPEND, "1", "8.50")), BigDecimal.ZERO,
                List.of(new LineCharges.Discount(DiscountKind.PERCENTAGE, "10 %", new BigDecimal("0.15"))));
        LineCharges.Totals totals = charges.totals();
        assertThat(totals.amount()).isEqualByComparingTo("1.50");
        assertThat(totals.chargesTotal()).isEqualByComparingTo("8.50");
        assertThat(totals.discountsTotal()).isEqualByComparingTo("0.15");
        assertThat(totals.total()).isEqualByComparingTo("9.85");
    }

    /** An adjustment is the difference charge by charge, so billed plus adjustment is what is owed. */
    @Test
    void theDifferenceAddedToWhatWasBilledIsWhatIsOwed() {
        LineCharges billed = new LineCharges(List.of(charge("fee", LineKind.FLAT_FEE, "1", "29.00")),
                BigDecimal.ZERO, List.of());
        LineCharges owed = new LineCharges(List.of(charge("fee", LineKind.FLAT_FEE, "0.3225806451612903", "9.35")),
                BigDecimal.ZERO, List.of());
        LineCharges adjustment = owed.minus(billed);
        assertThat(adjustment.totals().total()).isEqualByComparingTo("-19.65");
        assertThat(billed.plus(adjustment).totals().total()).isEqualByComparingTo("9.35");
        assertThat(owed.minus(owed).charges()).isEmpty();
    }
}
