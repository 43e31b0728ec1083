package dev.tollgate.finance.rest;

import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.finance.service.ChargebackRunService;
import dev.tollgate.finance.store.ChargebackRunLineEntity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A chargeback run as the API shows it. Costs are exact decimal strings; {@code totalMinor} is the department's
 * total as journalled and invoiced, in minor units, and {@code amount} the same as a decimal of the currency.
 */
public record ChargebackRunView(String id, String planId, Instant periodStart, Instant periodEnd, String currency,
        String status, String total, long totalMinor, String amount, Instant createdAt, Instant completedAt,
        List<Line> lines) {

    /** One department's charge; {@code department} is null for costs of no department (never invoiced). */
    public record Line(String department, String costCenter, String billingCustomerId, String directCost,
            String allocatedCost, String markup, String total, long totalMinor, String amount, String invoiceId) {
    }

    public record Page(long totalCount, int page, int pageSize, List<ChargebackRunView> items) {
    }

    static ChargebackRunView of(ChargebackRunService.RunDocument document) {
        var run = document.run();
        int minorUnits = PricingCurrency.of(run.currency).minorUnits();
        List<Line> lines = document.lines().stream().map(l -> line(l, minorUnits)).toList();
        BigDecimal total = document.lines().stream().map(l -> l.total).reduce(BigDecimal.ZERO, BigDecimal::add);
        long totalMinor = document.lines().stream().mapToLong(l -> l.totalMinor).sum();
        return new ChargebackRunView(run.id, run.planId, run.periodStart, run.periodEnd, run.currency, run.status,
                total.toPlainString(), totalMinor, BigDecimal.valueOf(totalMinor, minorUnits).toPlainString(),
                run.createdAt, run.completedAt, lines);
    }

    private static Line line(ChargebackRunLineEntity l, int minorUnits) {
        return new Line(l.department, l.costCenter, l.billingCustomerId, l.directCost.toPlainString(),
                l.allocatedCost.toPlainString(), l.markup.toPlainString(), l.total.toPlainString(), l.totalMinor,
                BigDecimal.valueOf(l.totalMinor, minorUnits).toPlainString(), l.invoiceId);
    }
}
