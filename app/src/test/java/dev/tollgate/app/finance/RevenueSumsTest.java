package dev.tollgate.app.finance;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.billing.Billing.plusMonths;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.app.billing.Billing;
import dev.tollgate.catalog.api.RecurringFees;
import dev.tollgate.finance.domain.MarginRow;
import dev.tollgate.finance.domain.PeriodRevenue;
import dev.tollgate.finance.domain.ReportWindow;
import dev.tollgate.finance.service.MarginCalculation;
import dev.tollgate.invoicing.api.InvoiceRevenue;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The database's sums of standing lines ({@link InvoiceRevenue#periodSums}, {@link InvoiceRevenue#serviceSums})
 * against the lines themselves ({@link InvoiceRevenue#standingLines}) added up in Java, as the reports did before:
 * the same revenue per period, plan and feature, and the same margin revenue, to the scale of every amount, in zones
 * whose days start at odd offsets and in ranges that start on an odd second.
 */
@QuarkusTest
class RevenueSumsTest {

    private static final String NAMESPACE = "default";

    @Inject
    InvoiceRevenue invoices;

    @Inject
    RecurringFees fees;

    @Test
    void theDatabaseSumsAreTheLinesAddedUp() {
        String currency = "HUF";
        String meter = Billing.meter("SUM");
        String feature = "f_" + Billing.unique("tokens");
        admin().contentType(ContentType.JSON).body(map("key", feature, "name", "Tokens", "meterSlug", meter,
                "meterGroupByFilters", map("model", "m1"))).post("/api/v1/features").then().statusCode(201);
        String plan = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("base", "10.5", "in_advance"),
                Billing.usage(feature, Billing.unitPrice("0.125")))));
        String other = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("base", "7", "in_advance"))));
        String aSubject = TestApi.uniqueSubject();
        String a = Billing.customer(aSubject, currency);
        String b = Billing.customer(TestApi.uniqueSubject(), currency);
        Instant start = Billing.nextDay();
        Billing.subscribe(a, plan, start);
        Billing.subscribe(b, other, start);
        TestTime.advanceTo(start.plus(Duration.ofHours(2)));
        Billing.run();
        TestTime.advanceTo(start.plus(Duration.ofDays(4)));
        Billing.usageEvents(meter, aSubject, List.of(start.plusSeconds(60), start.plus(Duration.ofDays(3))),
                List.of("3", "5"));
        Billing.awaitTotal(meter, aSubject, "8");
        TestTime.advanceTo(plusMonths(start, 1).plus(Duration.ofHours(2)));
        Billing.run();
        TestTime.advanceTo(plusMonths(start, 2).plus(Duration.ofHours(2)));
        Billing.run();
        List<Map<String, Object>> aInvoices = Billing.invoices(a);
        assertThat(aInvoices).hasSizeGreaterThanOrEqualTo(2);
        admin().contentType(ContentType.JSON).body(map("trigger", "paid"))
                .post("/api/v1/apps/custom-invoicing/" + aInvoices.get(0).get("id") + "/payment/status")
                .then().statusCode(204);

        Map<String, String> planOf = new HashMap<>();
        fees.startedBefore(NAMESPACE, plusMonths(start, 3)).forEach(s -> planOf.put(s.id(), s.planKey()));
        List<Instant> froms = List.of(start.minus(Duration.ofDays(40)), start.plusSeconds(37),
                start.minus(Duration.ofDays(2)).plusSeconds(90));
        for (Instant from : froms) {
            Instant to = plusMonths(start, 3);
            List<InvoiceRevenue.StandingLine> lines = invoices.standingLines(NAMESPACE, from, to);
            assertThat(lines).anyMatch(l -> currency.equals(l.currency()) && l.paidAt() != null);
            for (String zone : List.of("UTC", "Asia/Kathmandu", "America/St_Johns")) {
                for (ReportWindow.Size size : ReportWindow.Size.values()) {
                    List<ReportWindow> windows = ReportWindow.cover(from, to, size, ZoneId.of(zone));
                    for (String only : new String[] {null, currency}) {
                        String what = from + " " + zone + " " + size + " " + only;
                        assertThat(sums(windows, InvoiceRevenue.Basis.ISSUED, only, planOf)).as("issued " + what)
                                .isEqualTo(PeriodRevenue.of(windows, items(lines, only, planOf, false)))
                                .isNotEmpty();
                        assertThat(sums(windows, InvoiceRevenue.Basis.PAID, only, planOf)).as("paid " + what)
                                .isEqualTo(PeriodRevenue.of(windows, items(lines, only, planOf, true)))
                                .isNotEmpty();
                    }
                }
            }
            List<InvoiceRevenue.ServiceSum> perLine = lines.stream()
                    .filter(l -> !l.periodFrom().isBefore(from) && l.periodFrom().isBefore(to))
                    .map(l -> new InvoiceRevenue.ServiceSum(l.usageCustomerId(), l.currency(), l.subscriptionId(),
                            l.featureKey(), l.meterGroupByFilters(), l.total())).toList();
            List<InvoiceRevenue.ServiceSum> summed = invoices.serviceSums(NAMESPACE, from, to);
            assertThat(summed.size()).isLessThanOrEqualTo(perLine.size());
            MarginCalculation.Plans plans = new MarginCalculation.Plans() {
                @Override
                public String ofSubscription(String subscriptionId) {
                    return planOf.get(subscriptionId);
                }

                @Override
                public String ofCustomerDuring(String customerId, Instant at, Instant until) {
                    return null;
                }
            };
            for (List<String> groupBy : List.of(List.of("customer"), List.of("plan"), List.of("feature", "model"),
                    List.of("customer", "plan", "feature", "model"))) {
                List<MarginRow> expected = MarginCalculation.rows(groupBy, perLine, List.of(), plans, false);
                assertThat(MarginCalculation.rows(groupBy, summed, List.of(), plans, false))
                        .as("margin by " + groupBy + " from " + from).isEqualTo(expected).isNotEmpty();
            }
        }
    }

    private List<PeriodRevenue> sums(List<ReportWindow> windows, InvoiceRevenue.Basis basis, String currency,
            Map<String, String> planOf) {
        List<Instant> bounds = new ArrayList<>(windows.stream().map(ReportWindow::start).toList());
        bounds.add(windows.get(windows.size() - 1).end());
        return PeriodRevenue.of(windows, invoices.periodSums(NAMESPACE, basis, bounds, currency, planOf).stream()
                .map(s -> new PeriodRevenue.Item(windows.get(s.period()).start(), s.currency(), s.label(),
                        s.featureKey(), s.total())).toList());
    }

    /** As the revenue report read the lines before the database added them up. */
    private static List<PeriodRevenue.Item> items(List<InvoiceRevenue.StandingLine> lines, String currency,
            Map<String, String> planOf, boolean paid) {
        List<PeriodRevenue.Item> items = new ArrayList<>();
        for (InvoiceRevenue.StandingLine line : lines) {
            if (currency != null && !currency.equals(line.currency())) {
                continue;
            }
            String plan = line.subscriptionId() == null ? null : planOf.get(line.subscriptionId());
            Instant at = paid ? line.paidAt() : line.issuedAt();
            if (at != null) {
                items.add(new PeriodRevenue.Item(at, line.currency(), plan, line.featureKey(), line.total()));
            }
        }
        return items;
    }
}
