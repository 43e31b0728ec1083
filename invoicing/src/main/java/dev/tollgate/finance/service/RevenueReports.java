package dev.tollgate.finance.service;

import dev.tollgate.catalog.api.RecurringFees;
import dev.tollgate.finance.domain.MrrHistory;
import dev.tollgate.finance.domain.PeriodRevenue;
import dev.tollgate.finance.domain.RevenueReport;
import dev.tollgate.invoicing.api.InvoiceRevenue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The revenue report: MRR and its movements from the catalog's subscriptions, invoiced and paid revenue from the
 * standing invoices, and the projected invoices from the gathering ones.
 */
@ApplicationScoped
public class RevenueReports {

    private final RecurringFees fees;
    private final InvoiceRevenue invoices;
    private final Clock clock;

    RevenueReports(RecurringFees fees, InvoiceRevenue invoices, Clock clock) {
        this.fees = fees;
        this.invoices = invoices;
        this.clock = clock;
    }

    /**
     * @param currency only this currency; null for all
     */
    public RevenueReport report(String namespace, ReportRange range, String currency) {
        Instant now = clock.instant();
        Instant asOf = range.to().isBefore(now) ? range.to() : now;
        List<RecurringFees.SubscriptionFees> subscriptions = fees.startedBefore(namespace, range.to());
        Map<String, String> planOf = new HashMap<>();
        subscriptions.forEach(s -> planOf.put(s.id(), s.planKey()));
        MrrHistory history = MrrHistory.of(subscriptions, currency);

        List<PeriodRevenue.Item> issued = new ArrayList<>();
        List<PeriodRevenue.Item> paid = new ArrayList<>();
        for (InvoiceRevenue.StandingLine line : invoices.standingLines(namespace, range.from(), range.to())) {
            if (currency != null && !currency.equals(line.currency())) {
                continue;
            }
            String plan = line.subscriptionId() == null ? null : planOf.get(line.subscriptionId());
            issued.add(new PeriodRevenue.Item(line.issuedAt(), line.currency(), plan, line.featureKey(),
                    line.total()));
            if (line.paidAt() != null) {
                paid.add(new PeriodRevenue.Item(line.paidAt(), line.currency(), plan, line.featureKey(),
                        line.total()));
            }
        }
        List<InvoiceRevenue.ProjectedInvoice> projected = invoices.projected(namespace, currency,
                now);
        var windows = range.windows();
        return new RevenueReport(range.from(), range.to(), range.size(), range.zone(), asOf, now,
                history.at(asOf), history.movements(windows, asOf), PeriodRevenue.of(windows, issued),
                PeriodRevenue.of(windows, paid), projected);
    }
}
