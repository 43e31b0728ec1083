package dev.tollgate.finance.domain;

import dev.tollgate.invoicing.api.InvoiceRevenue;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The revenue report, exact: MRR at {@code asOf} (the end of the range, or now when that is earlier), its movements,
 * what was invoiced and paid per period, and each customer's projected invoice as of now. Only the {@code sections}
 * asked for are computed; the others are empty.
 */
public record RevenueReport(Instant from, Instant to, ReportWindow.Size windowSize, ZoneId zone, Instant asOf,
        Instant projectedAt, List<MrrHistory.Snapshot> mrr, List<MrrMovements> movements,
        List<PeriodRevenue> invoiced, List<PeriodRevenue> paid, List<InvoiceRevenue.ProjectedInvoice> projected,
        Set<RevenueSection> sections) {

    public boolean has(RevenueSection section) {
        return sections.contains(section);
    }
}
