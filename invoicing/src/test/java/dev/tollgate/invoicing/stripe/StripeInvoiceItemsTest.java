package dev.tollgate.invoicing.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.catalog.api.pricing.DiscountKind;
import dev.tollgate.catalog.api.pricing.LineKind;
import dev.tollgate.invoicing.domain.LineCharges;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stripe lines against an oracle written here: the invoice's total in minor units, computed from the charges and
 * discounts with plain BigDecimal arithmetic, must be what Stripe's lines add up to (three-decimal currencies: to the
 * nearest 10, as Stripe allows), with at most 250 lines whatever the invoice.
 */
class StripeInvoiceItemsTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void linesAddUpToTheInvoiceTotalInEveryCurrency() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int run = 0; run < 500; run++) {
            String currency = List.of("USD", "EUR", "JPY", "KWD", "BHD").get(random.nextInt(5));
            int scale = currency.equals("JPY") ? 0 : currency.equals("KWD") || currency.equals("BHD") ? 3 : 2;
            List<StripeInvoiceItems.Source> lines = new ArrayList<>();
            BigDecimal invoiceTotal = BigDecimal.ZERO;
            int count = random.nextInt(random.nextInt(10) == 0 ? 400 : 8) + 1;
            for (int i = 0; i < count; i++) {
                List<LineCharges.Charge> charges = new ArrayList<>();
                BigDecimal total = BigDecimal.ZERO;
                for (int c = 0; c < 1 + random.nextInt(3); c++) {
                    BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000), scale);
                    charges.add(new LineCharges.Charge("c" + c, LineKind.USAGE, "tier " + c,
                            BigDecimal.valueOf(random.nextInt(1000)), BigDecimal.valueOf(random.nextInt(500), 3),
                            amount));
                    total = total.add(amount);
                }
                List<LineCharges.Discount> discounts = new ArrayList<>();
                if (random.nextBoolean()) {
                    BigDecimal off = total.multiply(BigDecimal.valueOf(random.nextInt(50), 2))
                            .setScale(scale, RoundingMode.HALF_UP);
                    discounts.add(new LineCharges.Discount(DiscountKind.PERCENTAGE, "percent off", off));
                    total = total.subtract(off);
                }
                lines.add(new StripeInvoiceItems.Source("line" + i, "Line " + i, FROM, TO,
                        new LineCharges(charges, BigDecimal.ZERO, discounts), total));
                invoiceTotal = invoiceTotal.add(total);
            }
            List<StripeGateway.LineDraft> items = StripeInvoiceItems.of(currency, lines);
            long oracle = invoiceTotal.movePointRight(scale).longValueExact();
            long sum = items.stream().mapToLong(StripeGateway.LineDraft::amount).sum();
            String context = "seed " + seed + ", run " + run + ", " + currency + ", " + count + " lines";
            assertThat(items).as(context).hasSizeLessThanOrEqualTo(StripeInvoiceItems.MAX_LINES);
            if (scale == 3) {
                assertThat(items).as(context).allMatch(item -> item.amount() % 10 == 0);
                assertThat(Math.abs(sum - oracle)).as(context).isLessThanOrEqualTo(5);
            } else {
                assertThat(sum).as(context).isEqualTo(oracle);
            }
            assertThat(items).as(context).allMatch(item -> item.metadata().get(StripeInvoiceItems.LINE_ID) != null
                    && item.metadata().size() <= 50);
        }
    }

    @Test
    void aChargeShowsQuantityTimesUnitPrice() {
        LineCharges charges = new LineCharges(List.of(new LineCharges.Charge("usage", LineKind.USAGE, "requests",
                new BigDecimal("1500"), new BigDecimal("0.0020"), new BigDecimal("3.00"))), BigDecimal.ZERO,
                List.of(new LineCharges.Discount(DiscountKind.PERCENTAGE, "10 % off", new BigDecimal("0.30"))));
        List<StripeGateway.LineDraft> items = StripeInvoiceItems.of("USD", List.of(new StripeInvoiceItems.Source(
                "l1", "API requests", FROM, TO, charges, new BigDecimal("2.70"))));
        assertThat(items).extracting(StripeGateway.LineDraft::amount).containsExactly(300L, -30L);
        assertThat(items.get(0).description()).isEqualTo("API requests: requests (1500 × 0.002 USD)");
        assertThat(items.get(1).description()).isEqualTo("API requests: 10 % off");
        assertThat(items.get(0).periodStart()).isEqualTo(FROM);
    }
}
