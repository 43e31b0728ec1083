package dev.tollgate.invoicing.stripe;

import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.invoicing.domain.LineCharges;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An issued invoice as Stripe invoice lines, within Stripe's rules:
 * <ul>
 * <li>one line per charge of each Tollgate line (its description shows quantity × unit price), and a negative line
 * per discount, amounts in the currency's minor units;</li>
 * <li>each Tollgate line's Stripe lines add up to its total to the minor unit: a charge's rounding remainder becomes
 * a "rounding" line;</li>
 * <li>three-decimal currencies (KWD, BHD, JOD, OMR, TND) go in multiples of 10, as Stripe requires: each amount is
 * rounded half-even to the nearest 10, and one rounding line brings the invoice to its total rounded the same way;
 * what is left (at most 5 of the minor unit) is the difference the sync reports on the invoice;</li>
 * <li>at most {@value #MAX_LINES} lines: beyond that, the last line carries the sum of the rest.</li>
 * </ul>
 * Each line's metadata names the Tollgate line and the position of the Stripe line, so a sync that resumes after
 * Stripe's idempotency window can tell which lines it added.
 */
public final class StripeInvoiceItems {

    public static final int MAX_LINES = 250;
    public static final String LINE_ID = "tollgate_line_id";
    public static final String ITEM = "tollgate_item";
    private static final Set<String> THREE_DECIMALS = Set.of("KWD", "BHD", "JOD", "OMR", "TND", "IQD", "LYD");

    /** One Tollgate line, as the sync reads it. */
    public record Source(String lineId, String name, Instant from, Instant to, LineCharges charges,
            BigDecimal total) {
    }

    private StripeInvoiceItems() {
    }

    public static List<StripeGateway.LineDraft> of(String currencyCode, List<Source> lines) {
        PricingCurrency currency = PricingCurrency.of(currencyCode);
        boolean tens = THREE_DECIMALS.contains(currency.code());
        List<StripeGateway.LineDraft> items = new ArrayList<>();
        long expected = 0;
        for (Source line : lines) {
            long lineTotal = currency.toMinorUnitsLong(currency.round(line.total()));
            expected += lineTotal;
            long added = 0;
            for (LineCharges.Charge charge : line.charges().charges()) {
                long amount = minor(currency, charge.amount(), tens);
                if (amount == 0) {
                    continue;
                }
                items.add(item(line, amount, describe(line.name(), charge, currency.code()), items.size()));
                added += amount;
            }
            for (LineCharges.Discount discount : line.charges().discounts()) {
                long amount = -minor(currency, discount.amount(), tens);
                if (amount == 0) {
                    continue;
                }
                items.add(item(line, amount, line.name() + ": " + discount.description(), items.size()));
                added += amount;
            }
            long remainder = (tens ? roundToTens(lineTotal) : lineTotal) - added;
            if (remainder != 0 && !tens) {
                items.add(item(line, remainder, line.name() + ": rounding", items.size()));
            }
        }
        if (tens) {
            long sum = items.stream().mapToLong(StripeGateway.LineDraft::amount).sum();
            long wanted = roundToTens(expected);
            if (sum != wanted && !lines.isEmpty()) {
                items.add(item(lines.get(lines.size() - 1), wanted - sum, "Rounding to Stripe's 0.010 steps",
                        items.size()));
            }
        }
        return capped(items);
    }

    /** What Stripe will total, and what Tollgate's invoice totals, in minor units, for the sync's check. */
    public static long expectedTotal(List<StripeGateway.LineDraft> items) {
        return items.stream().mapToLong(StripeGateway.LineDraft::amount).sum();
    }

    private static long minor(PricingCurrency currency, BigDecimal amount, boolean tens) {
        long minor = currency.toMinorUnitsLong(currency.round(amount));
        return tens ? roundToTens(minor) : minor;
    }

    private static long roundToTens(long minor) {
        return BigDecimal.valueOf(minor).divide(BigDecimal.TEN, 0, RoundingMode.HALF_EVEN).longValueExact() * 10;
    }

    private static String describe(String name, LineCharges.Charge charge, String currency) {
        StringBuilder text = new StringBuilder(name);
        if (charge.description() != null && !charge.description().isBlank()) {
            text.append(": ").append(charge.description());
        }
        if (charge.quantity() != null && charge.unitPrice() != null) {
            text.append(" (").append(charge.quantity().stripTrailingZeros().toPlainString()).append(" × ")
                    .append(charge.unitPrice().stripTrailingZeros().toPlainString()).append(' ').append(currency)
                    .append(')');
        }
        return text.length() > 500 ? text.substring(0, 499) + "…" : text.toString();
    }

    private static StripeGateway.LineDraft item(Source line, long amount, String description, int index) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(LINE_ID, line.lineId());
        metadata.put(ITEM, Integer.toString(index));
        return new StripeGateway.LineDraft(amount, description, line.from(), line.to(), metadata);
    }

    private static List<StripeGateway.LineDraft> capped(List<StripeGateway.LineDraft> items) {
        if (items.size() <= MAX_LINES) {
            return items;
        }
        List<StripeGateway.LineDraft> kept = new ArrayList<>(items.subList(0, MAX_LINES - 1));
        List<StripeGateway.LineDraft> rest = items.subList(MAX_LINES - 1, items.size());
        long sum = rest.stream().mapToLong(StripeGateway.LineDraft::amount).sum();
        Instant from = rest.stream().map(StripeGateway.LineDraft::periodStart).min(Instant::compareTo).orElseThrow();
        Instant to = rest.stream().map(StripeGateway.LineDraft::periodEnd).max(Instant::compareTo).orElseThrow();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(LINE_ID, "(" + rest.size() + " lines)");
        metadata.put(ITEM, Integer.toString(MAX_LINES - 1));
        kept.add(new StripeGateway.LineDraft(sum, rest.size() + " more lines: see the invoice in Tollgate", from, to,
                metadata));
        return kept;
    }
}
