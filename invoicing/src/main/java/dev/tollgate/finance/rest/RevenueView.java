package dev.tollgate.finance.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tollgate.finance.domain.MrrHistory;
import dev.tollgate.finance.domain.MrrMovements;
import dev.tollgate.finance.domain.PeriodRevenue;
import dev.tollgate.finance.domain.RevenueReport;
import dev.tollgate.finance.domain.RevenueSection;
import dev.tollgate.invoicing.api.InvoiceRevenue;
import java.time.Instant;
import java.util.List;

/**
 * The revenue report as JSON: the exact range [from, to), the zone its periods follow, and each section. Money is a
 * decimal string rounded to the currency's minor units ({@link Money}). {@code sections} names the sections computed;
 * a section not asked for is absent (not empty, which would read as "none").
 */
public record RevenueView(Instant from, Instant to, String windowSize, String windowTimeZone, String currency,
        List<String> sections,
        @JsonInclude(JsonInclude.Include.NON_NULL) Mrr mrr,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Movement> movements,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Revenue> invoiced,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Revenue> paid,
        @JsonInclude(JsonInclude.Include.NON_NULL) Projected projected) {

    /** MRR and ARR in effect at {@code asOf}: the end of the range, or now when that is earlier. */
    public record Mrr(Instant asOf, List<CurrencyMrr> currencies) {
    }

    public record CurrencyMrr(String currency, String mrr, String arr, int customers, List<PlanMrr> byPlan) {
    }

    public record PlanMrr(String plan, String mrr) {
    }

    public record Movement(Instant from, Instant to, String currency, String opening,
            @JsonProperty("new") String newMrr,
            String reactivation, String expansion, String contraction, String churned, String closing,
            int newCustomers, int reactivatedCustomers, int churnedCustomers) {
    }

    public record Revenue(Instant from, Instant to, String currency, String total, List<PlanAmount> byPlan,
            List<FeatureAmount> byFeature) {
    }

    public record PlanAmount(String plan, String amount) {
    }

    public record FeatureAmount(String feature, String amount) {
    }

    /** Each customer's gathering invoice, projected as of {@code asOf} (now). */
    public record Projected(Instant asOf, List<ProjectedInvoice> invoices) {
    }

    public record ProjectedInvoice(String customerId, String currency, String gatheringInvoiceId, Period period,
            int lines, String total) {
    }

    public record Period(Instant from, Instant to) {
    }

    static RevenueView of(RevenueReport r, String currency) {
        return new RevenueView(r.from(), r.to(), r.windowSize().name(), r.zone().getId(), currency,
                java.util.Arrays.stream(RevenueSection.values()).filter(r::has).map(RevenueSection::key).toList(),
                r.has(RevenueSection.MRR) ? new Mrr(r.asOf(), r.mrr().stream().map(RevenueView::mrr).toList()) : null,
                r.has(RevenueSection.MOVEMENTS) ? r.movements().stream().map(RevenueView::movement).toList() : null,
                r.has(RevenueSection.INVOICED) ? r.invoiced().stream().map(RevenueView::revenue).toList() : null,
                r.has(RevenueSection.PAID) ? r.paid().stream().map(RevenueView::revenue).toList() : null,
                r.has(RevenueSection.PROJECTED) ? new Projected(r.projectedAt(),
                        r.projected().stream().map(RevenueView::projected).toList()) : null);
    }

    private static CurrencyMrr mrr(MrrHistory.Snapshot s) {
        return new CurrencyMrr(s.currency(), Money.of(s.mrr(), s.currency()), Money.of(s.arr(), s.currency()),
                s.customers(), s.byPlan().entrySet().stream()
                        .map(e -> new PlanMrr(e.getKey(), Money.of(e.getValue(), s.currency()))).toList());
    }

    private static Movement movement(MrrMovements m) {
        String c = m.currency();
        return new Movement(m.start(), m.end(), c, Money.of(m.opening(), c), Money.of(m.newMrr(), c),
                Money.of(m.reactivation(), c), Money.of(m.expansion(), c), Money.of(m.contraction(), c),
                Money.of(m.churned(), c), Money.of(m.closing(), c), m.newCustomers(), m.reactivatedCustomers(),
                m.churnedCustomers());
    }

    private static Revenue revenue(PeriodRevenue p) {
        String c = p.currency();
        return new Revenue(p.start(), p.end(), c, Money.of(p.total(), c),
                p.byPlan().stream().map(s -> new PlanAmount(s.key(), Money.of(s.amount(), c))).toList(),
                p.byFeature().stream().map(s -> new FeatureAmount(s.key(), Money.of(s.amount(), c))).toList());
    }

    private static ProjectedInvoice projected(InvoiceRevenue.ProjectedInvoice p) {
        return new ProjectedInvoice(p.customerId(), p.currency(), p.gatheringInvoiceId(),
                new Period(p.periodFrom(), p.periodTo()), p.lines(), Money.of(p.total(), p.currency()));
    }
}
