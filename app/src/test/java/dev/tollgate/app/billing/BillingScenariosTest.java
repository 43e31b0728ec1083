package dev.tollgate.app.billing;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.billing.Billing.path;
import static dev.tollgate.app.billing.Billing.plusMonths;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The seed scenarios, with the test clock moved through months as Kill Bill's scenario tests do: each starts at a
 * midnight ahead of the clock, moves the clock to each billing event, runs billing and checks every invoice line
 * against amounts the test works out itself.
 */
@QuarkusTest
class BillingScenariosTest {

    private static final Duration AFTER_COLLECTION = Duration.ofHours(2);

    @Test
    void theFreePlanIsNeverInvoiced() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(map("type", "usage_based", "key", feature,
                "name", "API requests", "featureKey", feature, "billingCadence", "P1M", "price", null,
                "entitlementTemplate", map("type", "metered", "issueAfterReset", 100, "usagePeriod", "P1M")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofDays(3)));
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(60)), List.of("1"));
        Billing.awaitTotal(meter, subject, "1");
        TestTime.advanceTo(plusMonths(start, 2).plus(AFTER_COLLECTION));
        Billing.run();
        assertThat(Billing.invoices(customer)).isEmpty();
    }

    /**
     * Pro: a 14-day trial, then a monthly fee paid in advance and prorated for the rest of the first period, requests
     * at 0.001 with 1000 free and a 10 USD minimum, input tokens in packages of 1M at 5 USD, output tokens in
     * graduated tiers with 10 % off; then an upgrade to Business in the middle of the second month.
     */
    @Test
    void proFromTrialToPaidThenUpgradedMidMonth() {
        String requests = Billing.meter("COUNT");
        String input = Billing.meter("SUM");
        String output = Billing.meter("SUM");
        String requestsFeature = Billing.feature(requests);
        String inputFeature = Billing.feature(input);
        String outputFeature = Billing.feature(output);
        Map<String, Object> trial = map("key", "trial", "name", "Trial", "duration", "P14D", "rateCards", List.of(
                map("type", "usage_based", "key", requestsFeature, "name", "API requests",
                        "featureKey", requestsFeature, "billingCadence", "P1M", "price", null)));
        Map<String, Object> standard = map("key", "standard", "name", "Standard", "duration", null, "rateCards",
                List.of(Billing.flatFee("platform_fee", "29", "in_advance"),
                        map("type", "usage_based", "key", requestsFeature, "name", "API requests",
                                "featureKey", requestsFeature, "billingCadence", "P1M",
                                "price", map("type", "unit", "amount", "0.001", "minimumAmount", "10"),
                                "discounts", map("usage", map("quantity", "1000"))),
                        map("type", "usage_based", "key", inputFeature, "name", "Input tokens",
                                "featureKey", inputFeature, "billingCadence", "P1M",
                                "price", map("type", "package", "amount", "5", "quantityPerPackage", "1000000")),
                        map("type", "usage_based", "key", outputFeature, "name", "Output tokens",
                                "featureKey", outputFeature, "billingCadence", "P1M",
                                "price", map("type", "tiered", "mode", "graduated", "maximumAmount", "500",
                                        "tiers", List.of(
                                                map("upToAmount", "1000000", "flatPrice", null,
                                                        "unitPrice", map("type", "unit", "amount", "0.000015")),
                                                map("upToAmount", null, "flatPrice", null,
                                                        "unitPrice", map("type", "unit", "amount", "0.00001")))),
                                "discounts", map("percentage", map("percentage", 10)))));
        String pro = Billing.publish(map("key", Billing.unique("pro"), "name", "Pro", "currency", "USD",
                "billingCadence", "P1M", "phases", List.of(trial, standard)));
        String business = Billing.publish(Billing.plan("USD", List.of(
                Billing.flatFee("platform_fee", "99", "in_advance"),
                Billing.usage(requestsFeature, Billing.unitPrice("0.0005")))));

        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        String subscription = Billing.subscribe(customer, pro, start);
        Instant paid = start.plus(Duration.ofDays(14));
        Instant periodEnd = plusMonths(start, 1);

        // The trial bills nothing; the paid phase's fee is due when it starts, prorated to the period's end.
        TestTime.advanceTo(paid.plus(AFTER_COLLECTION));
        Billing.run();
        List<Map<String, Object>> invoices = Billing.invoices(customer);
        assertThat(invoices).hasSize(1);
        BigDecimal share = share(paid, periodEnd, start, periodEnd);
        assertThat(totals(invoices.get(0))).isEqualTo(money(new BigDecimal("29").multiply(share)));
        assertThat(lineNames(invoices.get(0))).containsExactly("Fee platform_fee");

        // Usage in the paid part of the first period.
        Instant at = paid.plus(Duration.ofDays(1));
        TestTime.advanceTo(at.plus(Duration.ofHours(1)));
        countEvents(requests, subject, at, 2500);
        Billing.usageEvents(input, subject, List.of(at, at, at), List.of("1000000", "1000000", "500000"));
        Billing.usageEvents(output, subject, List.of(at, at), List.of("1000000", "500000"));
        Billing.awaitTotal(requests, subject, "2500");
        Billing.awaitTotal(input, subject, "2500000");
        Billing.awaitTotal(output, subject, "1500000");

        TestTime.advanceTo(periodEnd.plus(AFTER_COLLECTION));
        Billing.run();
        invoices = Billing.invoices(customer);
        assertThat(invoices).hasSize(2);
        Map<String, Object> second = invoices.get(1);
        // 1500 billable requests cost 1.50, topped up to the 10 minimum.
        assertThat(lineTotal(second, l -> requestsFeature.equals(l.get("featureKey")))).isEqualTo(money("10"));
        // 2.5M input tokens are 3 packages.
        assertThat(lineTotal(second, l -> inputFeature.equals(l.get("featureKey")))).isEqualTo(money("15"));
        // 1M × 0.000015 + 0.5M × 0.00001 = 20, less 10 %.
        assertThat(lineTotal(second, l -> outputFeature.equals(l.get("featureKey")))).isEqualTo(money("18"));
        // The second period's fee, in advance and whole.
        assertThat(lineTotal(second, l -> "Fee platform_fee".equals(l.get("name")))).isEqualTo(money("29"));
        assertThat(totals(second)).isEqualTo(money("72"));

        // Ten days into the second period, an immediate upgrade to Business.
        Instant cut = periodEnd.plus(Duration.ofDays(10));
        Instant secondEnd = plusMonths(start, 2);
        TestTime.advanceTo(cut);
        admin().contentType(ContentType.JSON).body(map("timing", "immediate", "plan", map("key", business)))
                .post("/api/v1/subscriptions/" + subscription + "/change").then().statusCode(200);
        TestTime.advanceTo(cut.plus(AFTER_COLLECTION));
        Billing.run();
        invoices = Billing.invoices(customer);
        assertThat(invoices).hasSize(3);
        Map<String, Object> third = invoices.get(2);
        BigDecimal kept = share(periodEnd, cut, periodEnd, secondEnd);
        BigDecimal rest = share(cut, secondEnd, periodEnd, secondEnd);
        // Business's fee for the rest of the period, and Pro's fee for the days not used, credited.
        assertThat(lineTotal(third, l -> "Fee platform_fee".equals(l.get("name")) && l.get("adjustment") == null))
                .isEqualTo(money(new BigDecimal("99").multiply(rest)));
        assertThat(lineTotal(third, l -> l.get("adjustment") != null && "Adjustment: Fee platform_fee"
                .equals(l.get("name")))).isEqualTo(money(new BigDecimal("29").multiply(kept)).subtract(money("29")));
        // Pro's usage for the ten days: no requests, so the minimum, prorated by the engine, and no tokens.
        assertThat(lineTotal(third, l -> inputFeature.equals(l.get("featureKey")))).isEqualTo(money("0"));
    }

    @Test
    void aCancellationAtPeriodEndBillsTheLastPeriodAndNothingAfter() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.flatFee("base", "20", "in_advance"),
                Billing.usage(feature, Billing.unitPrice("1")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        String subscription = Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofDays(5)));
        admin().contentType(ContentType.JSON).body(map("timing", "next_billing_cycle"))
                .post("/api/v1/subscriptions/" + subscription + "/cancel").then().statusCode(200);
        Billing.usageEvents(meter, subject, List.of(start.plus(Duration.ofDays(4))), List.of("1"));
        Billing.awaitTotal(meter, subject, "1");
        TestTime.advanceTo(plusMonths(start, 3).plus(AFTER_COLLECTION));
        Billing.run();
        List<Map<String, Object>> invoices = Billing.invoices(customer);
        BigDecimal billed = invoices.stream().map(BillingScenariosTest::totals).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertThat(billed).isEqualTo(money("21"));
        assertThat(invoices.stream().flatMap(i -> lines(i).stream())
                .map(l -> Instant.parse(path(l, "period", "to")))).allMatch(to -> !to.isAfter(plusMonths(start, 1)));
    }

    /** A fee paid in advance for a period cut short is credited on an invoice of its own: nothing else is due. */
    @Test
    void anImmediateCancellationCreditsTheUnusedFee() {
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.flatFee("seat", "30", "in_advance"))));
        String customer = Billing.customer(TestApi.uniqueSubject(), null);
        Instant start = Billing.nextDay();
        String subscription = Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(AFTER_COLLECTION));
        Billing.run();
        Instant cut = start.plus(Duration.ofDays(10));
        TestTime.advanceTo(cut);
        admin().contentType(ContentType.JSON).body(map("timing", "immediate"))
                .post("/api/v1/subscriptions/" + subscription + "/cancel").then().statusCode(200);
        TestTime.advanceTo(cut.plus(AFTER_COLLECTION));
        Billing.run();
        List<Map<String, Object>> invoices = Billing.invoices(customer);
        assertThat(invoices).hasSize(2);
        BigDecimal used = money(new BigDecimal("30").multiply(share(start, cut, start, plusMonths(start, 1))));
        assertThat(totals(invoices.get(1))).isEqualTo(used.subtract(money("30")));
        assertThat(invoices.get(1).get("status")).isEqualTo("paid");
    }

    @Test
    void aParentTakesItsTwoSubsidiariesOnOneInvoice() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.usage(feature, Billing.unitPrice("2")))));
        String parent = Billing.customer(TestApi.uniqueSubject(), null);
        admin().contentType(ContentType.JSON).body(map("workflow", map("invoicing",
                map("consolidateSubsidiaries", true)))).put("/api/v1/billing/customers/" + parent).then()
                .statusCode(200);
        List<String> subjects = List.of(TestApi.uniqueSubject(), TestApi.uniqueSubject());
        List<String> subsidiaries = new ArrayList<>();
        Instant start = Billing.nextDay();
        for (String subject : subjects) {
            String id = admin().contentType(ContentType.JSON).body(map("key", Billing.unique("sub"), "name", subject,
                    "parentCustomerId", parent, "usageAttribution", map("subjectKeys", List.of(subject))))
                    .post("/api/v1/customers").then().statusCode(201).extract().path("id");
            subsidiaries.add(id);
            Billing.subscribe(id, plan, start);
        }
        TestTime.advanceTo(start.plus(Duration.ofDays(2)));
        Billing.usageEvents(meter, subjects.get(0), List.of(start.plusSeconds(60)), List.of("1"));
        Billing.usageEvents(meter, subjects.get(1), List.of(start.plusSeconds(60), start.plusSeconds(120)),
                List.of("1", "1"));
        // Each subject's events may be folded in a different batch: wait for both.
        Billing.awaitTotal(meter, subjects.get(0), "1");
        Billing.awaitTotal(meter, subjects.get(1), "2");
        TestTime.advanceTo(plusMonths(start, 1).plus(AFTER_COLLECTION));
        Billing.run();
        assertThat(Billing.invoices(subsidiaries.get(0))).isEmpty();
        assertThat(Billing.invoices(subsidiaries.get(1))).isEmpty();
        List<Map<String, Object>> invoices = Billing.invoices(parent);
        assertThat(invoices).hasSize(1);
        List<Map<String, Object>> lines = lines(invoices.get(0));
        assertThat(lines).extracting(l -> l.get("customerId")).containsExactlyInAnyOrderElementsOf(subsidiaries);
        assertThat(lineTotal(invoices.get(0), l -> subsidiaries.get(0).equals(l.get("customerId"))))
                .isEqualTo(money("2"));
        assertThat(lineTotal(invoices.get(0), l -> subsidiaries.get(1).equals(l.get("customerId"))))
                .isEqualTo(money("4"));
    }

    @Test
    void aSubjectMovedMidPeriodIsBilledToEachCustomerForItsSide() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.usage(feature, Billing.unitPrice("1")))));
        String subject = TestApi.uniqueSubject();
        String keyA = Billing.unique("a");
        String keyB = Billing.unique("b");
        String a = customerWithKey(keyA, subject);
        String b = customerWithKey(keyB, TestApi.uniqueSubject());
        Instant start = Billing.nextDay();
        Billing.subscribe(a, plan, start);
        Billing.subscribe(b, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofDays(14)));
        Billing.usageEvents(meter, subject, List.of(start.plus(Duration.ofDays(3)), start.plus(Duration.ofDays(4)),
                start.plus(Duration.ofDays(5))), List.of("1", "1", "1"));
        Billing.awaitTotal(meter, subject, "3");
        // On the 15th the subject moves from A to B.
        TestTime.advanceTo(start.plus(Duration.ofDays(15)));
        replaceSubjects(a, keyA, List.of());
        replaceSubjects(b, keyB, List.of(subject));
        TestTime.advanceTo(start.plus(Duration.ofDays(20)));
        Billing.usageEvents(meter, subject, List.of(start.plus(Duration.ofDays(19))), List.of("1"));
        Billing.awaitTotal(meter, subject, "4");
        TestTime.advanceTo(plusMonths(start, 1).plus(AFTER_COLLECTION));
        Billing.run();
        assertThat(totals(Billing.invoices(a).get(0))).isEqualTo(money("3"));
        assertThat(totals(Billing.invoices(b).get(0))).isEqualTo(money("1"));
    }

    @Test
    void aLateEventAfterTheInvoiceIsBilledAsAnAdjustmentOnTheNextOne() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.usage(feature, Billing.unitPrice("3")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofDays(2)));
        Billing.usageEvents(meter, subject, List.of(start.plus(Duration.ofDays(1))), List.of("1"));
        Billing.awaitTotal(meter, subject, "1");
        Instant firstEnd = plusMonths(start, 1);
        TestTime.advanceTo(firstEnd.plus(AFTER_COLLECTION));
        Billing.run();
        assertThat(totals(Billing.invoices(customer).get(0))).isEqualTo(money("3"));

        // Two events of the first period arrive after its invoice was issued.
        TestTime.advanceTo(firstEnd.plus(Duration.ofDays(3)));
        Billing.usageEvents(meter, subject, List.of(start.plus(Duration.ofDays(20)), start.plus(Duration.ofDays(21))),
                List.of("1", "1"));
        Billing.awaitTotal(meter, subject, "3");
        TestTime.advanceTo(plusMonths(start, 2).plus(AFTER_COLLECTION));
        Billing.run();
        List<Map<String, Object>> invoices = Billing.invoices(customer);
        assertThat(invoices).hasSize(2);
        Map<String, Object> next = invoices.get(1);
        Map<String, Object> adjustment = lines(next).stream().filter(l -> l.get("adjustment") != null).findFirst()
                .orElseThrow();
        assertThat(adjustment.get("quantity")).isEqualTo("2");
        assertThat(new BigDecimal(path(adjustment, "totals", "total").toString())).isEqualByComparingTo("6");
        assertThat(Instant.parse(path(adjustment, "adjustment", "billingPeriod", "from"))).isEqualTo(start);
        assertThat(Instant.parse(path(adjustment, "adjustment", "billingPeriod", "to"))).isEqualTo(firstEnd);
        JsonPath explained = admin().get("/api/v1/billing/invoices/" + next.get("id") + "/lines/"
                + adjustment.get("id") + "/explain").then().statusCode(200).extract().jsonPath();
        assertThat(explained.getString("adjusts.invoiceId")).isEqualTo(Billing.invoices(customer).get(0).get("id"));
        assertThat(Instant.parse(explained.getString("adjusts.periodFrom"))).isEqualTo(start);
        assertThat(explained.getInt("usage.quantity")).isEqualTo(3);
    }

    private static String customerWithKey(String key, String subject) {
        return admin().contentType(ContentType.JSON).body(map("key", key, "name", key, "usageAttribution",
                map("subjectKeys", List.of(subject)))).post("/api/v1/customers").then().statusCode(201)
                .extract().path("id");
    }

    private static void replaceSubjects(String id, String key, List<String> subjects) {
        admin().contentType(ContentType.JSON).body(map("key", key, "name", key, "usageAttribution",
                map("subjectKeys", subjects))).put("/api/v1/customers/" + id).then().statusCode(200);
    }

    private static void countEvents(String meter, String subject, Instant at, int count) {
        for (int sent = 0; sent < count; sent += 1000) {
            int batch = Math.min(1000, count - sent);
            Billing.usageEvents(meter, subject, Collections.nCopies(batch, at), Collections.nCopies(batch, "1"));
        }
    }

    /** The share of the whole period [fullFrom, fullTo) that [from, to) covers, to 34 digits. */
    private static BigDecimal share(Instant from, Instant to, Instant fullFrom, Instant fullTo) {
        return BigDecimal.valueOf(Duration.between(from, to).getSeconds()).divide(
                BigDecimal.valueOf(Duration.between(fullFrom, fullTo).getSeconds()), MathContext.DECIMAL128);
    }

    /** USD to the cent, half up. */
    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal money(String amount) {
        return money(new BigDecimal(amount));
    }

    private static BigDecimal totals(Map<String, Object> invoice) {
        return money(new BigDecimal(path(invoice, "totals", "total").toString()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lines(Map<String, Object> invoice) {
        return (List<Map<String, Object>>) invoice.get("lines");
    }

    private static List<String> lineNames(Map<String, Object> invoice) {
        return lines(invoice).stream().map(l -> (String) l.get("name")).toList();
    }

    private static BigDecimal lineTotal(Map<String, Object> invoice, Predicate<Map<String, Object>> which) {
        List<Map<String, Object>> matching = lines(invoice).stream()
                .filter(which).toList();
        assertThat(matching).as("lines of invoice %s", invoice.get("id")).isNotEmpty();
        return money(matching.stream().map(l -> new BigDecimal(path(l, "totals", "total").toString()))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
