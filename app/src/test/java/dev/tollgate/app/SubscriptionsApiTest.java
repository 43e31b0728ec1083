package dev.tollgate.app;

import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions over OpenMeter's v1 API: subscribe, the timeline of phases and periods, change, cancel. */
@QuarkusTest
class SubscriptionsApiTest {

    /**
     * January 10th of the latest year whose March 10th has passed by the app's clock: the subscription runs now, its
     * 14-day trial and first periods fall in January and February (31 days, then 28 or 29), as the expected
     * proration factors assume, and no more than 15 periods lie between it and now.
     */
    private static String START;
    private static int YEAR;

    private static PlansApiTest.Features features;
    private static String proKey;
    private static String freeKey;

    /** Once, before the first test; Quarkus serves requests only once a test instance exists. */
    @BeforeEach
    void plans() {
        if (features != null) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(TestTime.now(), ZoneOffset.UTC);
        YEAR = today.isAfter(LocalDate.of(today.getYear(), 3, 10)) ? today.getYear() : today.getYear() - 1;
        START = date(1, 10);
        features = PlansApiTest.Features.create();
        proKey = FeaturesApiTest.uniqueKey("pro");
        freeKey = FeaturesApiTest.uniqueKey("free");
        publish(PlansApiTest.proPlan(proKey, features));
        publish(PlansApiTest.freePlan(freeKey, features));
    }

    private static String publish(Map<String, Object> plan) {
        String id = admin().contentType(ContentType.JSON).body(plan).post("/api/v1/plans").then().statusCode(201)
                .extract().path("id");
        admin().post("/api/v1/plans/" + id + "/publish").then().statusCode(200);
        return id;
    }

    private static String customer() {
        return CustomersApiTest.createId(CustomersApiTest.customer(CustomersApiTest.uniqueKey(),
                TestApi.uniqueSubject()));
    }

    private static Map<String, Object> subscription(String customerId, String planKey) {
        Map<String, Object> body = new HashMap<>();
        body.put("customerId", customerId);
        body.put("plan", Map.of("key", planKey));
        body.put("timing", START);
        return body;
    }

    private static ValidatableResponse subscribe(Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body).post("/api/v1/subscriptions").then();
    }

    private static String subscribed(String customerId, String planKey) {
        return subscribe(subscription(customerId, planKey)).statusCode(201).extract().path("id");
    }

    private static ValidatableResponse post(String path, Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body).post(path).then();
    }

    /** Midnight UTC of a day of {@link #YEAR}, in RFC 3339. */
    private static String date(int month, int day) {
        return LocalDate.of(YEAR, month, day).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    private static BigDecimal ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), MathContext.DECIMAL128);
    }

    @Test
    void aSubscriptionShowsItsPhasesAndBillingPeriods() {
        String customerId = customer();
        String id = subscribe(subscription(customerId, proKey)).statusCode(201)
                .body("customerId", equalTo(customerId))
                .body("plan.key", equalTo(proKey))
                .body("plan.version", equalTo(1))
                .body("status", equalTo("active"))
                .body("currency", equalTo("USD"))
                .body("billingCadence", equalTo("P1M"))
                .body("billingAnchor", equalTo(START))
                .body("activeFrom", equalTo(START))
                .extract().path("id");

        JsonPath expanded = admin().get("/api/v1/subscriptions/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("phases.key", equalTo(List.of("trial", "standard")))
                .body("phases[0].activeFrom", equalTo(START))
                .body("phases[0].activeTo", equalTo(date(1, 24)))
                .body("phases[1].activeTo", nullValue())
                .body("phases[1].items.key", hasItem("platform_fee"))
                .extract().jsonPath();

        List<Map<String, Object>> periods = expanded.getList("billingPeriods");
        assertThat(periods.get(0)).containsEntry("phaseKey", "trial").containsEntry("to", date(1, 24));
        assertThat(new BigDecimal(expanded.getString("billingPeriods[0].prorationFactor")))
                .isEqualByComparingTo(ratio(14, 31));
        assertThat(periods.get(1)).containsEntry("phaseKey", "standard").containsEntry("from", date(1, 24))
                .containsEntry("to", date(2, 10));
        assertThat(periods.get(2)).containsEntry("from", date(2, 10)).containsEntry("to", date(3, 10));
        assertThat(new BigDecimal(expanded.getString("billingPeriods[2].prorationFactor"))).isEqualByComparingTo("1");
        // The platform fee of 29 USD is charged 17/31 of in the cut period, rounded once, and in full after.
        assertThat(expanded.getList("billingPeriods[0].flatFees")).isEmpty();
        assertThat(expanded.getString("billingPeriods[1].flatFees[0].key")).isEqualTo("platform_fee");
        assertThat(expanded.getString("billingPeriods[1].flatFees[0].amount")).isEqualTo("15.90");
        assertThat(expanded.getString("billingPeriods[2].flatFees[0].amount")).isEqualTo("29.00");

        Instant from = Instant.parse(expanded.getString("alignment.currentAlignedBillingPeriod.from"));
        Instant to = Instant.parse(expanded.getString("alignment.currentAlignedBillingPeriod.to"));
        assertThat(TestTime.now()).isBetween(from, to);
        assertThat(periods.get(periods.size() - 1)).containsEntry("to", to.toString());

        admin().get("/api/v1/customers/" + customerId + "/subscriptions").then().statusCode(200)
                .body("totalCount", equalTo(1))
                .body("items[0].id", equalTo(id));
        admin().get("/api/v1/customers/" + customerId).then().statusCode(200)
                .body("currentSubscriptionId", equalTo(id))
                .body("subscriptions.id", equalTo(List.of(id)));
    }

    /** Phases and items are computed, not stored, yet keep their ids from read to read, as OpenMeter's do. */
    @Test
    void phasesAndItemsKeepTheirIdsAndTimelines() {
        String id = subscribed(customer(), proKey);
        JsonPath first = admin().get("/api/v1/subscriptions/" + id).then().statusCode(200).extract().jsonPath();
        JsonPath again = admin().get("/api/v1/subscriptions/" + id).then().statusCode(200).extract().jsonPath();

        List<String> phaseIds = first.getList("phases.id", String.class);
        assertThat(phaseIds).hasSize(2).doesNotHaveDuplicates().allMatch(i -> i.matches("[0-7][0-9A-HJKMNP-TV-Z]{25}"))
                .isEqualTo(again.getList("phases.id", String.class));
        assertThat(first.getList("phases[1].items.id", String.class)).hasSize(5).doesNotHaveDuplicates()
                .isEqualTo(again.getList("phases[1].items.id", String.class))
                .doesNotContainAnyElementsOf(first.getList("phases[0].items.id", String.class));
        assertThat(first.getString("phases[1].items[0].activeFrom")).isEqualTo(date(1, 24));
        assertThat(first.getString("phases[1].createdAt")).isNotNull();
        Map<String, List<Map<String, Object>>> timelines = first.getMap("phases[1].itemTimelines");
        assertThat(timelines).containsOnlyKeys(first.getList("phases[1].items.key", String.class));
        assertThat(timelines.get("platform_fee")).singleElement()
                .satisfies(item -> assertThat(item).containsEntry("key", "platform_fee")
                        .containsEntry("id", first.getString("phases[1].items.find { it.key == 'platform_fee' }.id")));
    }

    @Test
    void aMigrationMovesToTheNewerVersionOfThePlan() {
        String key = FeaturesApiTest.uniqueKey("migrating");
        publish(PlansApiTest.freePlan(key, features));
        String id = subscribed(customer(), key);
        post("/api/v1/subscriptions/" + id + "/migrate", Map.of()).statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", equalTo(List.of("targetVersion")));

        String v2 = admin().post("/api/v1/plans/" + key + "/next").then().statusCode(201).extract().path("id");
        admin().post("/api/v1/plans/" + v2 + "/publish").then().statusCode(200);
        JsonPath migrated = post("/api/v1/subscriptions/" + id + "/migrate", Map.of("timing", "immediate"))
                .statusCode(200).extract().jsonPath();

        assertThat(migrated.getString("current.id")).isEqualTo(id);
        assertThat(migrated.getString("next.activeFrom")).isEqualTo(migrated.getString("current.activeTo"));
        assertThat(migrated.getInt("next.plan.version")).isEqualTo(2);
        assertThat(migrated.getString("next.billingAnchor")).isEqualTo(START);
        post("/api/v1/subscriptions/" + migrated.getString("next.id") + "/migrate", Map.of("targetVersion", 1))
                .statusCode(400).body("extensions.validationErrors.field", equalTo(List.of("targetVersion")));
    }

    @Test
    void aCustomerHasOneSubscriptionAtATime() {
        String customerId = customer();
        String first = subscribed(customerId, proKey);

        subscribe(subscription(customerId, freeKey)).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString(first));
    }

    @Test
    void aChangeAtTheNextCycleEndsTheCurrentPeriodAndKeepsTheAnchor() {
        String customerId = customer();
        String id = subscribed(customerId, proKey);
        String periodEnd = admin().get("/api/v1/subscriptions/" + id).then().extract()
                .path("alignment.currentAlignedBillingPeriod.to");

        JsonPath change = post("/api/v1/subscriptions/" + id + "/change",
                Map.of("timing", "next_billing_cycle", "plan", Map.of("key", freeKey))).statusCode(200)
                .body("current.id", equalTo(id))
                .body("current.status", equalTo("canceled"))
                .body("current.activeTo", equalTo(periodEnd))
                .body("next.plan.key", equalTo(freeKey))
                .body("next.status", equalTo("scheduled"))
                .body("next.activeFrom", equalTo(periodEnd))
                .body("next.billingAnchor", equalTo(START))
                .extract().jsonPath();
        String next = change.getString("next.id");

        // The scheduled successor blocks undoing the end, until it is deleted.
        admin().post("/api/v1/subscriptions/" + id + "/unschedule-cancelation").then().statusCode(409)
                .body("detail", containsString(next));
        admin().delete("/api/v1/subscriptions/" + next).then().statusCode(204);
        admin().post("/api/v1/subscriptions/" + id + "/unschedule-cancelation").then().statusCode(200)
                .body("status", equalTo("active"))
                .body("activeTo", nullValue());
    }

    @Test
    void anImmediateChangeProratesTheCutPeriodOnBothSides() {
        String customerId = customer();
        String id = subscribed(customerId, proKey);

        JsonPath change = post("/api/v1/subscriptions/" + id + "/change",
                Map.of("timing", "immediate", "plan", Map.of("key", freeKey))).statusCode(200)
                .body("current.status", equalTo("inactive"))
                .extract().jsonPath();
        Instant cut = Instant.parse(change.getString("current.activeTo"));
        assertThat(change.getString("next.activeFrom")).isEqualTo(cut.toString());

        JsonPath ended = admin().get("/api/v1/subscriptions/" + id).then().statusCode(200)
                .body("status", equalTo("inactive"))
                .extract().jsonPath();
        int last = ended.getList("billingPeriods").size() - 1;
        assertThat(ended.getString("billingPeriods[" + last + "].to")).isEqualTo(cut.toString());
        BigDecimal before = new BigDecimal(ended.getString("billingPeriods[" + last + "].prorationFactor"));
        BigDecimal after = new BigDecimal(change.getString("next.billingPeriods[0].prorationFactor"));
        assertThat(before.add(after)).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void cancelingAtTheEndOfThePeriodThenNow() {
        String id = subscribed(customer(), proKey);
        String periodEnd = admin().get("/api/v1/subscriptions/" + id).then().extract()
                .path("alignment.currentAlignedBillingPeriod.to");

        post("/api/v1/subscriptions/" + id + "/cancel", Map.of("timing", "next_billing_cycle")).statusCode(200)
                .body("status", equalTo("canceled"))
                .body("activeTo", equalTo(periodEnd));
        admin().contentType(ContentType.JSON).post("/api/v1/subscriptions/" + id + "/cancel").then()
                .statusCode(200)
                .body("status", equalTo("inactive"));
        post("/api/v1/subscriptions/" + id + "/cancel", Map.of()).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("already ended"));
        admin().delete("/api/v1/subscriptions/" + id).then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void unknownSubscriptionsAreNotFound() {
        admin().get("/api/v1/subscriptions/01ARZ3NDEKTSV4RRFFQ69G5FAV").then().statusCode(404).contentType(PROBLEM);
        admin().get("/api/v1/customers/no-such-customer/subscriptions").then().statusCode(404);
        admin().get("/api/v1/customers/no-such-customer/subscriptions?page=2147483647").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", hasItem("page"));
    }

    @Test
    void invalidSubscriptionsNameTheField() {
        String customerId = customer();
        reject(customerId, body -> body.put("customerId", "01ARZ3NDEKTSV4RRFFQ69G5FAV"), "customerId");
        reject(customerId, body -> {
            body.remove("customerId");
            body.put("customerKey", "no-such-key");
        }, "customerKey");
        reject(customerId, body -> body.remove("customerId"), "customerId");
        reject(customerId, body -> body.remove("plan"), "plan.key");
        reject(customerId, body -> body.put("plan", Map.of("key", "no_such_plan")), "plan.key");
        reject(customerId, body -> body.put("plan", Map.of("key", proKey, "version", 99)), "plan.version");
        reject(customerId, body -> body.put("timing", "tomorrow"), "timing");
        reject(customerId, body -> body.put("timing", "next_billing_cycle"), "timing");
        reject(customerId, body -> body.put("billingAnchor", "someday"), "billingAnchor");

        String draftOnly = FeaturesApiTest.uniqueKey("draft");
        admin().contentType(ContentType.JSON).body(PlansApiTest.freePlan(draftOnly, features))
                .post("/api/v1/plans").then().statusCode(201);
        reject(customerId, body -> body.put("plan", Map.of("key", draftOnly)), "plan.key");

        Map<String, Object> euro = CustomersApiTest.customer(CustomersApiTest.uniqueKey(), TestApi.uniqueSubject());
        euro.put("currency", "EUR");
        String euroCustomer = CustomersApiTest.createId(euro);
        subscribe(subscription(euroCustomer, proKey)).statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("EUR"))
                .body("extensions.validationErrors.field", hasItem("plan"));
    }

    private static void reject(String customerId, Consumer<Map<String, Object>> change, String field) {
        Map<String, Object> body = subscription(customerId, proKey);
        change.accept(body);
        subscribe(body).statusCode(400).contentType(PROBLEM)
                .body("extensions.validationErrors.field", hasItem(field));
    }
}
