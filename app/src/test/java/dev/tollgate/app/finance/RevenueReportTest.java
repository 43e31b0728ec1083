package dev.tollgate.app.finance;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.billing.Billing.plusMonths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.app.billing.Billing;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The revenue report through the API with the test clock moved through months: new MRR, an upgrade, a downgrade, a
 * cancellation, a yearly plan, invoiced against paid, the projected invoice against the invoice it becomes, and the
 * CSV. Each test uses a currency no other test bills in, so the namespace's other customers stay out of its numbers.
 */
@QuarkusTest
class RevenueReportTest {

    private static final Duration AFTER_COLLECTION = Duration.ofHours(2);
    private static final String[] MOVEMENTS = {"new", "reactivation", "expansion", "contraction", "churned"};

    @Test
    void mrrMovesWithNewSubscriptionsUpgradesDowngradesAndCancellations() {
        String currency = "CHF";
        String basic = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("base", "10", "in_advance"))));
        String pro = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("base", "30", "in_advance"))));
        // 120 a year is 10 a month.
        String yearly = Billing.publish(map("key", Billing.unique("yearly"), "name", "Yearly", "currency", currency,
                "billingCadence", "P1Y", "phases", List.of(map("key", "main", "name", "Main", "duration", null,
                        "rateCards", List.of(map("type", "flat_fee", "key", "base", "name", "Base",
                                "billingCadence", "P1Y", "price", map("type", "flat", "amount", "120")))))));
        Instant start = Billing.nextDay();
        String a = Billing.customer(TestApi.uniqueSubject(), currency);
        String b = Billing.customer(TestApi.uniqueSubject(), currency);
        String c = Billing.customer(TestApi.uniqueSubject(), currency);
        String aSubscription = Billing.subscribe(a, basic, start);
        Billing.subscribe(b, yearly, start);
        String cSubscription = Billing.subscribe(c, pro, start);
        Map<Instant, Map<String, BigDecimal>> expected = new HashMap<>();
        expect(expected, start, "new", "50");

        // An upgrade: basic to pro, +20.
        Instant upgrade = TestTime.advanceTo(plusMonths(start, 1).plus(Duration.ofDays(5)));
        String aPro = change(aSubscription, pro);
        expect(expected, upgrade, "expansion", "20");
        // A downgrade: pro to basic, -20.
        Instant downgrade = TestTime.advanceTo(plusMonths(start, 2).plus(Duration.ofDays(3)));
        change(cSubscription, basic);
        expect(expected, downgrade, "contraction", "20");
        // A cancellation: a's 30 churns.
        Instant cancel = TestTime.advanceTo(plusMonths(start, 3).plus(Duration.ofDays(2)));
        admin().contentType(ContentType.JSON).body(map("timing", "immediate"))
                .post("/api/v1/subscriptions/" + aPro + "/cancel").then().statusCode(200);
        expect(expected, cancel, "churned", "30");
        TestTime.advance(Duration.ofMinutes(1));

        JsonPath report = revenue(start, plusMonths(start, 5), currency, "MONTH", "UTC");
        assertThat(report.getString("from")).isEqualTo(start.toString());
        assertThat(report.getString("windowTimeZone")).isEqualTo("UTC");
        assertThat(Instant.parse(report.getString("mrr.asOf"))).isAfter(cancel);
        assertThat(report.getList("mrr.currencies")).hasSize(1);
        assertThat(report.getString("mrr.currencies[0].mrr")).isEqualTo("20");
        assertThat(report.getString("mrr.currencies[0].arr")).isEqualTo("240");
        assertThat(report.getInt("mrr.currencies[0].customers")).isEqualTo(2);
        Map<String, String> byPlan = new HashMap<>();
        for (Map<String, Object> plan : report.<Map<String, Object>>getList("mrr.currencies[0].byPlan")) {
            byPlan.put((String) plan.get("plan"), (String) plan.get("mrr"));
        }
        assertThat(byPlan).isEqualTo(Map.of(yearly, "10", basic, "10"));

        List<Map<String, Object>> movements = report.getList("movements");
        assertThat(movements).isNotEmpty();
        for (Map<String, Object> movement : movements) {
            Instant from = Instant.parse((String) movement.get("from"));
            Instant to = Instant.parse((String) movement.get("to"));
            Map<String, BigDecimal> wanted = new HashMap<>();
            expected.forEach((at, amounts) -> {
                if (!at.isBefore(from) && at.isBefore(to)) {
                    amounts.forEach((measure, amount) -> wanted.merge(measure, amount, BigDecimal::add));
                }
            });
            for (String measure : MOVEMENTS) {
                assertThat(new BigDecimal((String) movement.get(measure))).as(measure + " of " + from)
                        .isEqualByComparingTo(wanted.getOrDefault(measure, BigDecimal.ZERO));
            }
            BigDecimal net = new BigDecimal((String) movement.get("new"))
                    .add(new BigDecimal((String) movement.get("reactivation")))
                    .add(new BigDecimal((String) movement.get("expansion")))
                    .subtract(new BigDecimal((String) movement.get("contraction")))
                    .subtract(new BigDecimal((String) movement.get("churned")));
            assertThat(new BigDecimal((String) movement.get("closing"))).isEqualByComparingTo(
                    new BigDecimal((String) movement.get("opening")).add(net));
        }
        assertThat(new BigDecimal((String) movements.get(movements.size() - 1).get("closing")))
                .isEqualByComparingTo("20");

        // The same range by day in New York: the same movements, on the days they happened there.
        JsonPath daily = revenue(start, plusMonths(start, 4), currency, "DAY", "America/New_York");
        assertThat(daily.getString("windowSize")).isEqualTo("DAY");
        BigDecimal churned = daily.<String>getList("movements.churned").stream().map(BigDecimal::new)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(churned).isEqualByComparingTo("30");
    }

    @Test
    @SuppressWarnings("unchecked")
    void invoicedCountsByIssueDateAndPaidByPaymentDatePerPlanAndFeature() {
        String currency = "SEK";
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("base", "50", "in_advance"),
                Billing.usage(feature, Billing.unitPrice("2")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, currency);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(AFTER_COLLECTION));
        Billing.run();
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(60), start.plusSeconds(120)),
                List.of("1", "1"));
        Billing.awaitTotal(meter, subject, "2");
        TestTime.advanceTo(plusMonths(start, 1).plus(AFTER_COLLECTION));
        Billing.run();
        List<Map<String, Object>> invoices = Billing.invoices(customer);
        assertThat(invoices).hasSize(2);
        String first = (String) invoices.get(0).get("id");
        Instant firstIssued = Instant.parse((String) invoices.get(0).get("issuedAt"));
        Instant secondIssued = Instant.parse((String) invoices.get(1).get("issuedAt"));
        // The first month's fee is paid in the second month; the second invoice stays unpaid.
        admin().contentType(ContentType.JSON).body(map("trigger", "paid"))
                .post("/api/v1/apps/custom-invoicing/" + first + "/payment/status").then().statusCode(204);
        Instant paidAt = Instant.parse(Billing.invoice(first).extract().path("paidAt"));

        JsonPath report = revenue(start, plusMonths(start, 3), currency, "MONTH", "UTC");
        Map<String, Object> invoicedFirst = containing(report.getList("invoiced"), firstIssued);
        assertThat(invoicedFirst.get("total")).isEqualTo("50");
        assertThat(invoicedFirst.get("byPlan")).isEqualTo(List.of(map("plan", plan, "amount", "50")));
        // The second invoice: 2 requests at 2, and the second month's fee. Issued a month later, so in another
        // period unless both fall in one calendar month.
        Map<String, Object> invoicedSecond = containing(report.getList("invoiced"), secondIssued);
        BigDecimal secondTotal = invoicedSecond == invoicedFirst ? new BigDecimal("104") : new BigDecimal("54");
        assertThat(new BigDecimal((String) invoicedSecond.get("total"))).isEqualByComparingTo(secondTotal);
        assertThat((List<Map<String, Object>>) invoicedSecond.get("byFeature"))
                .contains(map("feature", feature, "amount", "4"));
        List<Map<String, Object>> paid = report.getList("paid");
        assertThat(paid).hasSize(1);
        assertThat(containing(paid, paidAt).get("total")).isEqualTo("50");
        List<Map<String, Object>> paidByFeature = (List<Map<String, Object>>) containing(paid, paidAt).get("byFeature");
        assertThat(paidByFeature).hasSize(1);
        assertThat(paidByFeature.get(0).get("feature")).isNull();
        assertThat(paidByFeature.get(0).get("amount")).isEqualTo("50");
    }

    @Test
    void theProjectedInvoiceIsWhatTheGatheringInvoiceBecomes() {
        String currency = "NOK";
        String meter = Billing.meter("SUM");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("support", "7", "in_arrears"),
                Billing.usage(feature, map("type", "unit", "amount", "2.5", "minimumAmount", "5")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, currency);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofDays(3)));
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(60), start.plus(Duration.ofDays(2))),
                List.of("1.5", "2"));
        Billing.awaitTotal(meter, subject, "3.5");
        Billing.run();

        JsonPath report = revenue(start, plusMonths(start, 1), currency, null, null);
        assertThat(report.getString("windowSize")).isEqualTo("MONTH");
        List<Map<String, Object>> projected = report.getList("projected.invoices");
        assertThat(projected).hasSize(1);
        assertThat(projected.get(0).get("customerId")).isEqualTo(customer);
        // 3.5 × 2.5 = 8.75 of usage (above the minimum) and the support fee of 7, due at the period's end.
        assertThat(projected.get(0).get("total")).isEqualTo("15.75");

        TestTime.advanceTo(plusMonths(start, 1).plus(AFTER_COLLECTION));
        Billing.run();
        List<Map<String, Object>> invoices = Billing.invoices(customer);
        assertThat(invoices).hasSize(1);
        assertThat(Billing.<String>path(invoices.get(0), "totals", "total")).isEqualTo(projected.get(0).get("total"));
    }

    @Test
    void theCsvIsOneTableWithASectionColumn() {
        String currency = "DKK";
        String plan = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("base", "12.345", "in_advance"))));
        String customer = Billing.customer(TestApi.uniqueSubject(), currency);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(AFTER_COLLECTION));
        Billing.run();
        Instant to = plusMonths(start, 2);

        JsonPath json = revenue(start, to, currency, "MONTH", "Europe/Copenhagen");
        String csv = admin().accept("text/csv").get(url(start, to, currency, "MONTH", "Europe/Copenhagen"))
                .then().statusCode(200).contentType("text/csv").extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("section,from,to,timeZone,currency,plan,feature,customer,measure,amount");
        assertThat(lines.get(1)).isEqualTo("range," + start + "," + to + ",Europe/Copenhagen,DKK,,,,windowSize:MONTH,");
        // Each request reads the clock: the CSV's MRR is as of its own now, a moment after the JSON's.
        String asOf = lines.get(2).split(",")[2];
        assertThat(Instant.parse(asOf)).isAfterOrEqualTo(Instant.parse(json.getString("mrr.asOf")));
        // 12.345 a month, shown to the krone's two decimals, half up.
        assertThat(lines).contains("mrr,," + asOf + ",Europe/Copenhagen,DKK,,,,mrr,12.35",
                "mrr,," + asOf + ",Europe/Copenhagen,DKK,,,,arr,148.14",
                "mrr,," + asOf + ",Europe/Copenhagen,DKK,,,,customers,1",
                "mrr,," + asOf + ",Europe/Copenhagen,DKK," + plan + ",,,planMrr,12.35");
        assertThat(json.getString("mrr.currencies[0].mrr")).isEqualTo("12.35");
        List<Map<String, Object>> movements = json.getList("movements");
        assertThat(lines.stream().filter(l -> l.startsWith("movement,"))).hasSize(7 * movements.size());
        Map<String, Object> firstMove = movements.get(0);
        assertThat(lines).contains("movement," + firstMove.get("from") + "," + firstMove.get("to")
                + ",Europe/Copenhagen,DKK,,,,new," + firstMove.get("new"));
        Map<String, Object> invoiced = json.<Map<String, Object>>getList("invoiced").get(0);
        assertThat(invoiced.get("total")).isEqualTo("12.35");
        assertThat(lines).contains("invoiced," + invoiced.get("from") + "," + invoiced.get("to")
                + ",Europe/Copenhagen,DKK,,,,total,12.35", "invoiced," + invoiced.get("from") + ","
                + invoiced.get("to") + ",Europe/Copenhagen,DKK," + plan + ",,,byPlan,12.35");
        assertThat(lines.stream().filter(l -> l.startsWith("projected,"))).hasSize(
                json.getList("projected.invoices").size());
        assertThat(lines.stream().filter(l -> l.startsWith("paid,"))).isEmpty();
    }

    @Test
    void sectionsAskForOnlySomeOfTheReportAndAnUnknownOneIsRefused() {
        String currency = "SEK";
        String plan = Billing.publish(Billing.plan(currency, List.of(Billing.flatFee("base", "10", "in_advance"))));
        String customer = Billing.customer(TestApi.uniqueSubject(), currency);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(AFTER_COLLECTION));
        Billing.run();
        Instant to = plusMonths(start, 1);
        JsonPath all = revenue(start, to, currency, null, null);
        String url = url(start, to, currency, null, null);

        Map<String, Object> mrrOnly = admin().get(url + "&sections=mrr").then().statusCode(200).extract()
                .jsonPath().getMap("");
        assertThat(mrrOnly).containsKey("mrr").doesNotContainKeys("movements", "invoiced", "paid", "projected");
        assertThat(mrrOnly.get("sections")).isEqualTo(List.of("mrr"));
        assertThat(((Map<?, ?>) mrrOnly.get("mrr")).get("currencies")).isEqualTo(all.getList("mrr.currencies"));

        JsonPath two = admin().get(url + "&sections=invoiced,movements&sections=invoiced").then().statusCode(200)
                .extract().jsonPath();
        assertThat(two.getList("sections")).containsExactly("movements", "invoiced");
        assertThat(two.getList("invoiced")).isEqualTo(all.getList("invoiced"));
        assertThat(two.getList("movements")).isEqualTo(all.getList("movements"));
        assertThat(two.getMap("").keySet()).doesNotContain("mrr", "paid", "projected");
        assertThat(all.getList("sections")).containsExactly("mrr", "movements", "invoiced", "paid", "projected");

        String csv = admin().accept("text/csv").get(url + "&sections=projected").then().statusCode(200).extract()
                .asString();
        assertThat(csv.lines().skip(2).allMatch(line -> line.startsWith("projected,"))).as(csv).isTrue();
        problem(url + "&sections=mrr,forecast", "sections");
        problem(url + "&sections=MRR", "sections");
    }

    @Test
    void badParametersAnswer400NamingTheField() {
        Instant from = TestTime.day(-30);
        Instant to = TestTime.day(0);
        problem("/api/v1/reports/revenue?to=" + to, "from");
        problem("/api/v1/reports/revenue?from=" + from, "to");
        problem("/api/v1/reports/revenue?from=yesterday&to=" + to, "from");
        problem("/api/v1/reports/revenue?from=" + to + "&to=" + from, "to");
        problem("/api/v1/reports/revenue?from=" + from + "&to=" + from, "to");
        problem("/api/v1/reports/revenue?from=" + from + "&to=" + to + "&windowSize=WEEK", "windowSize");
        problem("/api/v1/reports/revenue?from=" + from + "&to=" + to + "&windowTimeZone=Mars/Olympus",
                "windowTimeZone");
        problem("/api/v1/reports/revenue?from=" + from + "&to=" + to + "&currency=usd", "currency");
        problem("/api/v1/reports/revenue?from=2000-01-01T00:00:00Z&to=2099-01-01T00:00:00Z&windowSize=DAY",
                "windowSize");
        problem("/api/v1/reports/margin?to=" + to, "from");
        problem("/api/v1/reports/margin?from=" + from + "&to=" + to + "&groupBy=department", "groupBy");
        problem("/api/v1/reports/margin?from=" + from + "&to=" + to + "&filter=positive", "filter");
        problem("/api/v1/reports/margin?from=" + from + "&to=" + to + "&windowTimeZone=UTC+1", "windowTimeZone");
    }

    private static void problem(String url, String field) {
        admin().get(url).then().statusCode(400).contentType(TestApi.PROBLEM)
                .body("extensions.validationErrors.field", hasItem(field));
    }

    private static String change(String subscription, String plan) {
        return admin().contentType(ContentType.JSON).body(map("timing", "immediate", "plan", map("key", plan)))
                .post("/api/v1/subscriptions/" + subscription + "/change").then().statusCode(200).extract()
                .path("next.id");
    }

    private static void expect(Map<Instant, Map<String, BigDecimal>> expected, Instant at, String measure,
            String amount) {
        expected.computeIfAbsent(at, i -> new HashMap<>()).merge(measure, new BigDecimal(amount), BigDecimal::add);
    }

    private static JsonPath revenue(Instant from, Instant to, String currency, String windowSize, String zone) {
        return admin().get(url(from, to, currency, windowSize, zone)).then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    private static String url(Instant from, Instant to, String currency, String windowSize, String zone) {
        List<String> query = new ArrayList<>(List.of("from=" + from, "to=" + to, "currency=" + currency));
        if (windowSize != null) {
            query.add("windowSize=" + windowSize);
        }
        if (zone != null) {
            query.add("windowTimeZone=" + zone);
        }
        return "/api/v1/reports/revenue?" + String.join("&", query);
    }

    /** The period that holds the instant. */
    private static Map<String, Object> containing(List<Map<String, Object>> periods, Instant at) {
        return periods.stream().filter(p -> !at.isBefore(Instant.parse((String) p.get("from")))
                && at.isBefore(Instant.parse((String) p.get("to")))).findFirst()
                .orElseThrow(() -> new AssertionError("no period holds " + at + " in " + periods));
    }
}
