package dev.tollgate.finance.rest;

import dev.tollgate.shared.csv.Csv;
import java.util.List;

/**
 * The revenue report as one flat CSV table. Columns: {@code section} (range, mrr, movement, invoiced, paid,
 * projected), {@code from} and {@code to} (the period; for mrr the instant it is at in {@code to}), {@code timeZone},
 * {@code currency}, {@code plan}, {@code feature}, {@code customer}, {@code measure} (what {@code amount} is) and
 * {@code amount}. The first row, section {@code range}, states the range and zone the report covers. Sections not
 * asked for have no rows.
 */
final class RevenueCsv {

    static final List<String> HEADER = List.of("section", "from", "to", "timeZone", "currency", "plan", "feature",
            "customer", "measure", "amount");

    private RevenueCsv() {
    }

    static String render(RevenueView r) {
        String zone = r.windowTimeZone();
        Csv csv = Csv.withHeader(HEADER);
        csv.row("range", r.from(), r.to(), zone, r.currency(), null, null, null, "windowSize:" + r.windowSize(), null);
        for (RevenueView.CurrencyMrr m : r.mrr() == null ? List.<RevenueView.CurrencyMrr>of()
                : r.mrr().currencies()) {
            csv.row("mrr", null, r.mrr().asOf(), zone, m.currency(), null, null, null, "mrr", m.mrr());
            csv.row("mrr", null, r.mrr().asOf(), zone, m.currency(), null, null, null, "arr", m.arr());
            csv.row("mrr", null, r.mrr().asOf(), zone, m.currency(), null, null, null, "customers", m.customers());
            for (RevenueView.PlanMrr p : m.byPlan()) {
                csv.row("mrr", null, r.mrr().asOf(), zone, m.currency(), p.plan(), null, null, "planMrr", p.mrr());
            }
        }
        for (RevenueView.Movement m : r.movements() == null ? List.<RevenueView.Movement>of() : r.movements()) {
            Object[][] measures = {{"opening", m.opening()}, {"new", m.newMrr()}, {"reactivation", m.reactivation()},
                {"expansion", m.expansion()}, {"contraction", m.contraction()}, {"churned", m.churned()},
                {"closing", m.closing()}};
            for (Object[] measure : measures) {
                csv.row("movement", m.from(), m.to(), zone, m.currency(), null, null, null, measure[0], measure[1]);
            }
        }
        revenue(csv, "invoiced", r.invoiced(), zone);
        revenue(csv, "paid", r.paid(), zone);
        for (RevenueView.ProjectedInvoice p : r.projected() == null ? List.<RevenueView.ProjectedInvoice>of()
                : r.projected().invoices()) {
            csv.row("projected", p.period().from(), p.period().to(), zone, p.currency(), null, null, p.customerId(),
                    "total", p.total());
        }
        return csv.toString();
    }

    private static void revenue(Csv csv, String section, List<RevenueView.Revenue> periods, String zone) {
        if (periods == null) {
            return;
        }
        for (RevenueView.Revenue p : periods) {
            csv.row(section, p.from(), p.to(), zone, p.currency(), null, null, null, "total", p.total());
            for (RevenueView.PlanAmount plan : p.byPlan()) {
                csv.row(section, p.from(), p.to(), zone, p.currency(), plan.plan(), null, null, "byPlan",
                        plan.amount());
            }
            for (RevenueView.FeatureAmount feature : p.byFeature()) {
                csv.row(section, p.from(), p.to(), zone, p.currency(), null, feature.feature(), null, "byFeature",
                        feature.amount());
            }
        }
    }
}
