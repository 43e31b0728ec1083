package dev.tollgate.app.entitlements;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Entitlements through months on the test clock, as Kill Bill's scenario tests do: subscriptions grant them from their
 * plans' templates, usage burns them, and period boundaries reset them without any job running.
 */
@QuarkusTest
class EntitlementScenariosTest {

    @Test
    void theFreePlansHundredRequestsAMonthBlockAtTheHundredAndFirstAndOpenNextMonth() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(map("type", "usage_based", "key", feature,
                "name", "API requests", "featureKey", feature, "billingCadence", "P1M", "price", null,
                "entitlementTemplate", map("type", "metered", "issueAfterReset", 100, "usagePeriod", "P1M")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        String subscription = Billing.subscribe(customer, plan, start);

        JsonPath entitlements = admin().get("/api/v2/customers/" + customer + "/entitlements").then()
                .statusCode(200).extract().jsonPath();
        assertThat(entitlements.getList("items")).hasSize(1);
        assertThat(entitlements.getString("items[0].activeFrom")).isEqualTo(start.toString());
        assertThat(entitlements.getString("items[0].annotations['subscription.id']")).isEqualTo(subscription);
        admin().delete(path(customer, entitlements.getString("items[0].id"))).then().statusCode(403);

        TestTime.advanceTo(start.plus(Duration.ofDays(3)));
        requests(meter, subject, start.plusSeconds(3600), 99);
        Billing.awaitTotal(meter, subject, "99");
        assertValue(customer, feature, true, "1", "99");
        requests(meter, subject, start.plusSeconds(7200), 1);
        Billing.awaitTotal(meter, subject, "100");
        assertValue(customer, feature, false, "0", "100");

        TestTime.advanceTo(Billing.plusMonths(start, 1).plusSeconds(60));
        assertValue(customer, feature, true, "100", "0");
    }

    @Test
    void proSoftLimitKeepsAccessWithOverage() {
        String meter = Billing.meter("SUM");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(map("type", "usage_based", "key", feature,
                "name", "Tokens", "featureKey", feature, "billingCadence", "P1M",
                "price", Billing.unitPrice("0.01"), "entitlementTemplate", map("type", "metered",
                        "issueAfterReset", 1000, "isSoftLimit", true, "usagePeriod", "P1M")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);

        TestTime.advanceTo(start.plus(Duration.ofDays(1)));
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(60), start.plusSeconds(120)),
                List.of("800", "450"));
        Billing.awaitTotal(meter, subject, "1250");
        JsonPath value = value(customer, feature);
        assertThat(value.getBoolean("hasAccess")).isTrue();
        assertThat(decimal(value, "balance")).isEqualByComparingTo("0");
        assertThat(decimal(value, "overage")).isEqualByComparingTo("250");
        assertThat(decimal(value, "usage")).isEqualByComparingTo("1250");

        TestTime.advanceTo(Billing.plusMonths(start, 1).plusSeconds(60));
        value = value(customer, feature);
        assertThat(decimal(value, "balance")).isEqualByComparingTo("1000");
        assertThat(decimal(value, "overage")).isEqualByComparingTo("0");
    }

    @Test
    void aTrialsQuotaIsHandedOverToThePaidPhasesAtThePhaseChange() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        Map<String, Object> trial = map("key", "trial", "name", "Trial", "duration", "P14D", "rateCards", List.of(
                map("type", "usage_based", "key", feature, "name", "Requests", "featureKey", feature,
                        "billingCadence", "P1M", "price", null, "entitlementTemplate", map("type", "metered",
                                "issueAfterReset", 10, "usagePeriod", "P1M"))));
        Map<String, Object> paid = map("key", "paid", "name", "Paid", "duration", null, "rateCards", List.of(
                map("type", "usage_based", "key", feature, "name", "Requests", "featureKey", feature,
                        "billingCadence", "P1M", "price", Billing.unitPrice("0.001"), "entitlementTemplate",
                        map("type", "metered", "issueAfterReset", 1000, "usagePeriod", "P1M"))));
        String plan = Billing.publish(map("key", Billing.unique("plan"), "name", "Trial then paid", "currency", "USD",
                "billingCadence", "P1M", "phases", List.of(trial, paid)));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        Instant paidFrom = start.plus(Duration.ofDays(14));
        Billing.subscribe(customer, plan, start);

        JsonPath listed = admin().get("/api/v2/customers/" + customer + "/entitlements").then().statusCode(200)
                .extract().jsonPath();
        assertThat(listed.getList("items.activeFrom", String.class))
                .containsExactlyInAnyOrder(start.toString(), paidFrom.toString());

        TestTime.advanceTo(start.plus(Duration.ofDays(2)));
        requests(meter, subject, start.plusSeconds(3600), 10);
        Billing.awaitTotal(meter, subject, "10");
        assertValue(customer, feature, false, "0", "10");

        TestTime.advanceTo(paidFrom.plusSeconds(60));
        assertValue(customer, feature, true, "1000", "0");
        requests(meter, subject, paidFrom, 3);
        Billing.awaitTotal(meter, subject, "13");
        assertValue(customer, feature, true, "997", "3");
    }

    @Test
    void unusedCreditRollsOverWithinItsBoundsAndRecurringCreditRefills() {
        String meter = Billing.meter("SUM");
        String feature = Billing.feature(meter);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        TestTime.advanceTo(start);
        admin().contentType(ContentType.JSON).body(map("type", "metered", "featureKey", feature,
                "usagePeriod", map("interval", "DAY", "anchor", start.toString()), "measureUsageFrom", "NOW"))
                .post("/api/v2/customers/" + customer + "/entitlements").then().statusCode(201);
        String credit = grant(customer, feature, map("amount", 100, "priority", 5, "effectiveAt", start.toString()));
        String daily = grant(customer, feature, map("amount", 20, "priority", 1, "effectiveAt", start.toString(),
                "maxRolloverAmount", 0, "recurrence", map("interval", "DAY")));

        TestTime.advanceTo(start.plus(Duration.ofHours(2)));
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(3600)), List.of("30"));
        Billing.awaitTotal(meter, subject, "30");
        assertValue(customer, feature, true, "90", "30");

        TestTime.advanceTo(start.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
        JsonPath value = value(customer, feature);
        assertThat(decimal(value, "balance")).isEqualByComparingTo("110");
        Billing.usageEvents(meter, subject, List.of(start.plus(Duration.ofDays(1)).plusSeconds(3600)), List.of("5"));
        Billing.awaitTotal(meter, subject, "35");
        JsonPath grants = admin().get(path(customer, feature) + "/history?windowSize=DAY&from=" + start)
                .then().statusCode(200).extract().jsonPath();
        assertThat(grants.getList("windowedHistory")).hasSize(2);
        assertThat(decimal(grants, "windowedHistory[0].balanceAtStart")).isEqualByComparingTo("120");
        assertThat(decimal(grants, "windowedHistory[1].balanceAtStart")).isEqualByComparingTo("110");
        assertThat(decimal(grants, "windowedHistory[1].usage")).isEqualByComparingTo("5");
        assertValue(customer, feature, true, "105", "5");
        assertThat(credit).isNotEqualTo(daily);
    }

    private static void requests(String meter, String subject, Instant at, int count) {
        Billing.usageEvents(meter, subject, Collections.nCopies(count, at), new ArrayList<>(Collections.nCopies(
                count, "1")));
    }

    private static String grant(String customer, String feature, Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body).post(path(customer, feature) + "/grants").then()
                .statusCode(201).extract().path("id");
    }

    private static void assertValue(String customer, String feature, boolean access, String balance, String usage) {
        JsonPath value = value(customer, feature);
        assertThat(value.getBoolean("hasAccess")).as("hasAccess").isEqualTo(access);
        assertThat(decimal(value, "balance")).as("balance").isEqualByComparingTo(balance);
        assertThat(decimal(value, "usage")).as("usage").isEqualByComparingTo(usage);
    }

    private static JsonPath value(String customer, String feature) {
        return admin().get(path(customer, feature) + "/value").then().statusCode(200).extract().jsonPath();
    }

    private static String path(String customer, String feature) {
        return "/api/v2/customers/" + customer + "/entitlements/" + feature;
    }

    private static BigDecimal decimal(JsonPath json, String path) {
        return new BigDecimal(json.getString(path));
    }
}
