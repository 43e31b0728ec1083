package dev.tollgate.app.entitlements;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.app.billing.Billing;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenMeter's entitlement and grant endpoints, with OpenMeter's shapes and status codes, over real usage. */
@QuarkusTest
class EntitlementsApiTest {

    @Test
    void booleanAndStaticEntitlementsGiveAccess() {
        String customer = Billing.customer(TestApi.uniqueSubject(), null);
        String flag = plainFeature();
        String limits = plainFeature();

        create(customer, map("type", "boolean", "featureKey", flag)).statusCode(201)
                .body("type", equalTo("boolean")).body("featureKey", equalTo(flag))
                .body("customerId", equalTo(customer)).body("activeFrom", notNullValue());
        create(customer, map("type", "static", "featureKey", limits, "config", "{\"maxSeats\": 5}"))
                .statusCode(201).body("config", equalTo("{\"maxSeats\": 5}"));

        value(customer, flag).statusCode(200).body("hasAccess", equalTo(true));
        value(customer, limits).statusCode(200).body("hasAccess", equalTo(true))
                .body("config", equalTo("{\"maxSeats\": 5}"));
        value(customer, "no_such_feature").statusCode(200).body("hasAccess", equalTo(false));
        admin().get("/api/v1/customers/" + customer + "/access").then().statusCode(200)
                .body("entitlements." + flag + ".hasAccess", equalTo(true))
                .body("entitlements." + limits + ".config", equalTo("{\"maxSeats\": 5}"));
    }

    @Test
    void meteredEntitlementsBurnUsageFromTheirGrants() {
        String meter = Billing.meter("SUM");
        String feature = Billing.feature(meter);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = TestTime.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));

        String id = create(customer, map("type", "metered", "featureKey", feature, "issueAfterReset", 100,
                "usagePeriod", map("interval", "MONTH", "anchor", start.toString()),
                "measureUsageFrom", start.toString())).statusCode(201)
                .body("usagePeriod.interval", equalTo("MONTH")).body("usagePeriod.intervalISO", equalTo("P1M"))
                .body("measureUsageFrom", equalTo(start.toString())).body("isSoftLimit", equalTo(false))
                .body("issue.amount", equalTo(100)).body("issue.priority", equalTo(1))
                .body("currentUsagePeriod.from", equalTo(start.toString()))
                .body("lastReset", equalTo(start.toString()))
                .extract().path("id");
        Billing.usageEvents(meter, subject, List.of(start.plusSeconds(600), start.plusSeconds(1200)),
                List.of("30", "12.5"));
        Billing.awaitTotal(meter, subject, "42.5");

        JsonPath value = value(customer, feature).statusCode(200).extract().jsonPath();
        assertThat(value.getBoolean("hasAccess")).isTrue();
        assertThat(decimal(value, "balance")).isEqualByComparingTo("57.5");
        assertThat(decimal(value, "usage")).isEqualByComparingTo("42.5");
        assertThat(decimal(value, "overage")).isEqualByComparingTo("0");
        assertThat(decimal(value, "totalAvailableGrantAmount")).isEqualByComparingTo("100");
        value(customer, id).statusCode(200).body("balance", equalTo(57.5f));
        admin().get("/api/v1/customers/" + customer + "/entitlements/" + feature + "/value").then()
                .statusCode(200).body("balance", equalTo(57.5f));

        // A second grant, burnt first (priority 0 by default), takes the next usage.
        String grant = admin().contentType(ContentType.JSON).body(map("amount", 10, "effectiveAt", start.toString(),
                "expiration", map("duration", "DAY", "count", 1))).post(path(customer, feature) + "/grants").then()
                .statusCode(201).body("priority", equalTo(0)).body("maxRolloverAmount", equalTo(10))
                .body("expiresAt", equalTo(start.plus(Duration.ofDays(1)).toString())).extract().path("id");
        value(customer, feature).body("balance", equalTo(67.5f));
        admin().get(path(customer, feature) + "/grants").then().statusCode(200).body("totalCount", equalTo(2))
                .body("items.id", hasItem(grant));
        admin().get("/api/v2/grants?feature=" + feature).then().statusCode(200).body("totalCount", equalTo(2));

        JsonPath history = admin().get(path(customer, feature) + "/history?windowSize=HOUR&from=" + start)
                .then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("windowedHistory")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(new BigDecimal(history.getString("windowedHistory[0].usage"))).isEqualByComparingTo("42.5");
        assertThat(new BigDecimal(history.getString("windowedHistory[0].balanceAtStart")))
                .isEqualByComparingTo("110");
        assertThat(history.getList("burndownHistory")).isNotEmpty();

        // Voided from now, the grant counts no more; what it covered stays covered.
        admin().delete("/api/v1/grants/" + grant).then().statusCode(204);
        admin().delete("/api/v1/grants/" + grant).then().statusCode(400)
                .body("detail", containsString("grantId"));

        admin().contentType(ContentType.JSON).body(map()).post(path(customer, feature) + "/reset").then()
                .statusCode(204);
        value(customer, feature).body("usage", equalTo(0)).body("balance", equalTo(100));

        admin().get("/api/v2/entitlements?feature=" + feature).then().statusCode(200)
                .body("totalCount", equalTo(1)).body("items[0].id", equalTo(id));
        admin().get("/api/v2/entitlements/" + id).then().statusCode(200).body("featureKey", equalTo(feature));
    }

    @Test
    void oneEntitlementPerFeatureUntilDeletedOrOverridden() {
        String feature = plainFeature();
        String customer = Billing.customer(TestApi.uniqueSubject(), null);
        String first = create(customer, map("type", "boolean", "featureKey", feature)).statusCode(201)
                .extract().path("id");

        create(customer, map("type", "boolean", "featureKey", feature)).statusCode(409)
                .contentType(TestApi.PROBLEM).body("detail", containsString(first));

        String second = admin().contentType(ContentType.JSON).body(map("type", "static", "featureKey", feature,
                "config", "{\"a\":1}")).put(path(customer, feature) + "/override").then().statusCode(201)
                .extract().path("id");
        assertThat(second).isNotEqualTo(first);
        admin().get(path(customer, feature)).then().statusCode(200).body("id", equalTo(second));

        admin().delete(path(customer, feature)).then().statusCode(204);
        value(customer, feature).body("hasAccess", equalTo(false));
        admin().get("/api/v2/customers/" + customer + "/entitlements?includeDeleted=true").then().statusCode(200)
                .body("totalCount", equalTo(2));
        create(customer, map("type", "boolean", "featureKey", feature)).statusCode(201);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        String meter = Billing.meter("COUNT");
        String metered = Billing.feature(meter);
        String customer = Billing.customer(TestApi.uniqueSubject(), null);
        Map<String, Object> monthly = map("interval", "MONTH");

        problem(create(customer, map("type", "metered", "featureKey", plainFeature(), "usagePeriod", monthly)),
                400, "featureKey");
        problem(create(customer, map("type", "metered", "featureKey", metered, "usagePeriod",
                map("interval", "PT30M"))), 400, "usagePeriod.interval");
        problem(create(customer, map("type", "metered", "featureKey", metered)), 400, "usagePeriod");
        problem(create(customer, map("type", "static", "featureKey", plainFeature(), "config", "not json")), 400,
                "config");
        problem(create(customer, map("type", "teapot", "featureKey", metered)), 400, "type");
        problem(create(customer, map("type", "boolean", "featureKey", "no_such_feature")), 404, "no_such_feature");
        problem(admin().contentType(ContentType.JSON).body(map("type", "boolean", "featureKey", metered))
                .post("/api/v2/customers/no-such-customer/entitlements").then(), 404, "no-such-customer");

        create(customer, map("type", "metered", "featureKey", metered, "usagePeriod", monthly)).statusCode(201);
        String now = TestTime.now().toString();
        problem(grant(customer, metered, map("amount", -5, "effectiveAt", now)), 400, "amount");
        problem(grant(customer, metered, map("amount", 5, "priority", 0, "effectiveAt", now)), 400, "priority");
        problem(grant(customer, metered, map("amount", 5, "priority", 256, "effectiveAt", now)), 400, "priority");
        problem(grant(customer, metered, map("amount", 5)), 400, "effectiveAt");
        problem(grant(customer, metered, map("amount", 5, "effectiveAt", TestTime.now().minus(Duration.ofDays(40))
                .toString())), 400, "effectiveAt");
        problem(admin().contentType(ContentType.JSON).body(map("effectiveAt", TestTime.now().plus(Duration.ofHours(1))
                .toString())).post(path(customer, metered) + "/reset").then(), 400, "effectiveAt");
        problem(admin().get(path(customer, metered) + "/history").then(), 400, "windowSize");
        problem(admin().get(path(customer, metered) + "/history?windowSize=DAY&windowTimeZone=Mars/Base").then(),
                400, "windowTimeZone");
        problem(admin().get(path(customer, metered) + "/value?time=yesterday").then(), 400, "time");
    }

    private static String plainFeature() {
        String key = Billing.unique("f");
        admin().contentType(ContentType.JSON).body(map("key", key, "name", key)).post("/api/v1/features").then()
                .statusCode(201);
        return key;
    }

    private static ValidatableResponse create(String customer, Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body)
                .post("/api/v2/customers/" + customer + "/entitlements").then();
    }

    private static ValidatableResponse grant(String customer, String feature, Map<String, Object> body) {
        return admin().contentType(ContentType.JSON).body(body).post(path(customer, feature) + "/grants").then();
    }

    private static ValidatableResponse value(String customer, String entitlement) {
        return admin().get(path(customer, entitlement) + "/value").then();
    }

    private static String path(String customer, String entitlement) {
        return "/api/v2/customers/" + customer + "/entitlements/" + entitlement;
    }

    private static void problem(ValidatableResponse response, int status, String named) {
        response.statusCode(status).contentType(TestApi.PROBLEM).body("detail", containsString(named));
    }

    private static BigDecimal decimal(JsonPath json, String path) {
        return new BigDecimal(json.getString(path));
    }
}
