package dev.tollgate.app.entitlements;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.app.billing.Billing;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The gateway check, end to end: events go through Kafka, the aggregator and ClickHouse, and the check, answering from
 * its in-memory view, flips from 200 to 429 within the freshness bound and back after a grant or a reset.
 */
@QuarkusTest
class AccessCheckTest {

    /** The documented p99 freshness is 2 s at steady load; a shared test machine gets a margin. */
    private static final Duration FRESHNESS_WITH_MARGIN = Duration.ofSeconds(6);

    @Test
    void usageFlipsAccessTo429AndAGrantOrAResetOpensItAgain() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        admin().contentType(ContentType.JSON).body(map("type", "metered", "featureKey", feature, "issue",
                map("amount", 3), "usagePeriod", map("interval", "MONTH"))).post("/api/v2/customers/" + customer
                + "/entitlements").then().statusCode(201);

        Response open = awaitCheck(subject, feature, r -> r.statusCode() == 200);
        assertThat(open.header("RateLimit-Policy")).isEqualTo("\"" + feature + "\";q=3;w=" + monthSeconds());
        assertThat(open.header("RateLimit")).startsWith("\"" + feature + "\";r=3;t=");
        assertThat(open.jsonPath().getBoolean("hasAccess")).isTrue();

        Instant now = TestTime.now();
        Billing.usageEvents(meter, subject, List.of(now, now, now), List.of("1", "1", "1"));
        long posted = System.nanoTime();
        Response blocked = awaitCheck(subject, feature, r -> r.statusCode() == 429);
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(FRESHNESS_WITH_MARGIN);
        assertThat(blocked.contentType()).startsWith(TestApi.PROBLEM);
        assertThat(blocked.header("RateLimit")).startsWith("\"" + feature + "\";r=0;t=");
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isPositive();

        admin().contentType(ContentType.JSON).body(map("amount", 5, "effectiveAt", now.toString()))
                .post("/api/v2/customers/" + customer + "/entitlements/" + feature + "/grants").then()
                .statusCode(201);
        Response granted = awaitCheck(subject, feature, r -> r.statusCode() == 200);
        assertThat(granted.header("RateLimit")).startsWith("\"" + feature + "\";r=5;");

        Billing.usageEvents(meter, subject, List.of(now, now, now, now, now), List.of("1", "1", "1", "1", "1"));
        awaitCheck(subject, feature, r -> r.statusCode() == 429);
        // A reset falls after the start of measurement, which was this minute.
        TestTime.advanceTo(now.plus(Duration.ofMinutes(2)));
        admin().contentType(ContentType.JSON).body(map()).post("/api/v2/customers/" + customer + "/entitlements/"
                + feature + "/reset").then().statusCode(204);
        // The issued grant rolls over to its amount; the used-up grant of 5 rolls over to what it had left, nothing.
        Response reset = awaitCheck(subject, feature, r -> r.statusCode() == 200);
        assertThat(reset.header("RateLimit")).startsWith("\"" + feature + "\";r=3;");
    }

    @Test
    void gatewaysNameTheSubjectAndFeatureInHeadersAndKeepTheClientsAuthorization() {
        String flag = Billing.unique("f");
        admin().contentType(ContentType.JSON).body(map("key", flag, "name", flag)).post("/api/v1/features").then()
                .statusCode(201);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        admin().contentType(ContentType.JSON).body(map("type", "boolean", "featureKey", flag))
                .post("/api/v2/customers/" + customer + "/entitlements").then().statusCode(201);

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().header("Authorization", "Bearer the-clients-own-token")
                        .header("X-Tollgate-Api-Key", TestApi.ADMIN_KEY).header("X-Consumer-Username", subject)
                        .header("X-Tollgate-Feature", flag).post("/api/v1/access/check/v1/chat/completions")
                        .statusCode() == 200);
        admin().get("/api/v1/access/check?customer=" + customer + "&feature=" + flag).then().statusCode(200)
                .body("customerId", equalTo(customer));

        admin().get("/api/v1/access/check?subject=" + subject + "&feature=no_such_feature").then().statusCode(403)
                .contentType(TestApi.PROBLEM).body("detail", containsString("no_such_feature"));
        admin().get("/api/v1/access/check?subject=nobody-" + subject + "&feature=" + flag).then().statusCode(403)
                .body("detail", containsString("nobody-"));
        admin().get("/api/v1/access/check?subject=" + subject).then().statusCode(400)
                .contentType(TestApi.PROBLEM).body("detail", containsString("feature"));
        given().get("/api/v1/access/check?subject=" + subject + "&feature=" + flag).then().statusCode(401);
    }

    /**
     * A hard limit lets through at most what is used between the usage that exhausts it and the check that sees it:
     * the gateway below checks, and reports one request's usage for every 200, until the first 429.
     */
    @Test
    void theOvershootOfAHardLimitIsBoundedByTheUsageWithinTheFreshnessLag() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        int quota = 20;
        admin().contentType(ContentType.JSON).body(map("type", "metered", "featureKey", feature, "issue",
                map("amount", quota), "usagePeriod", map("interval", "MONTH"))).post("/api/v2/customers/" + customer
                + "/entitlements").then().statusCode(201);
        awaitCheck(subject, feature, r -> r.statusCode() == 200);

        int allowed = 0;
        long exhaustedAt = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (check(subject, feature).statusCode() == 200 && System.nanoTime() < deadline) {
            allowed++;
            Billing.usageEvents(meter, subject, List.of(TestTime.now()), List.of("1"));
            if (allowed == quota) {
                exhaustedAt = System.nanoTime();
            }
        }
        long blockedAt = System.nanoTime();
        assertThat(allowed).isGreaterThanOrEqualTo(quota);
        Duration lag = Duration.ofNanos(blockedAt - exhaustedAt);
        assertThat(lag).as("from the exhausting usage to the first 429").isLessThan(FRESHNESS_WITH_MARGIN);
        // Every request let through after the quota was used came within that lag.
        System.out.printf("overshoot %d requests over a quota of %d, within %d ms%n", allowed - quota, quota,
                lag.toMillis());
    }

    /**
     * The view takes in only the usage written since its last look, without a rebuild: a late event (for an hour ago,
     * before the view's checkpoint) burns the quota, and a customer's new subject is checked as the customer's.
     */
    @Test
    void aLateEventAndAChangedSubjectReachTheCheckWithoutARebuild() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant now = TestTime.now();
        Instant twoHoursAgo = now.minus(Duration.ofHours(2));
        admin().contentType(ContentType.JSON).body(map("type", "metered", "featureKey", feature, "issue",
                map("amount", 3), "usagePeriod", map("interval", "MONTH", "anchor", twoHoursAgo.toString()),
                "measureUsageFrom", twoHoursAgo.toString())).post("/api/v2/customers/" + customer + "/entitlements")
                .then().statusCode(201);
        awaitCheck(subject, feature, r -> r.statusCode() == 200);

        Instant anHourAgo = now.minus(Duration.ofHours(1));
        Billing.usageEvents(meter, subject, List.of(anHourAgo, anHourAgo), List.of("1", "1"));
        Response burnt = awaitCheck(subject, feature, r -> r.header("RateLimit") != null
                && r.header("RateLimit").startsWith("\"" + feature + "\";r=1;"));
        assertThat(burnt.statusCode()).isEqualTo(200);

        String moved = TestApi.uniqueSubject();
        admin().contentType(ContentType.JSON).body(map("name", "Customer " + subject, "usageAttribution",
                map("subjectKeys", List.of(moved)))).put("/api/v1/customers/" + customer).then().statusCode(200);
        Response asNewSubject = awaitCheck(moved, feature, r -> r.statusCode() == 200);
        assertThat(asNewSubject.jsonPath().getString("customerId")).isEqualTo(customer);
        awaitCheck(subject, feature, r -> r.statusCode() == 403);
        // The new subject's usage burns the same quota.
        Billing.usageEvents(meter, moved, List.of(TestTime.now()), List.of("1"));
        awaitCheck(moved, feature, r -> r.statusCode() == 429);
    }

    @Test
    void anEntitlementSeenBeforeItStartsOpensTheCheckWhenItStarts() throws InterruptedException {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        String plan = Billing.publish(Billing.plan("USD", List.of(map("type", "usage_based", "key", feature,
                "name", "API requests", "featureKey", feature, "billingCadence", "P1M", "price", null,
                "entitlementTemplate", map("type", "metered", "issueAfterReset", 3, "usagePeriod", "P1M")))));
        Billing.subscribe(customer, plan, start);
        // Two change polls see the subscription's entitlement while it has not started yet.
        Thread.sleep(2500);
        check(subject, feature).then().statusCode(403);

        TestTime.advanceTo(start.plus(Duration.ofMinutes(1)));
        awaitCheck(subject, feature, r -> r.statusCode() == 200);
    }

    private static Response check(String subject, String feature) {
        return admin().get("/api/v1/access/check?subject=" + subject + "&feature=" + feature);
    }

    private static Response awaitCheck(String subject, String feature, Predicate<Response> until) {
        Response[] last = new Response[1];
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .alias("the last answer shown on failure").conditionEvaluationListener(condition -> {
                    if (condition.getRemainingTimeInMS() <= 50 && last[0] != null) {
                        System.out.println("last answer: " + last[0].statusCode() + " " + last[0].headers().asList()
                                + " " + last[0].asString());
                    }
                }).until(() -> {
                    last[0] = check(subject, feature);
                    return until.test(last[0]);
                });
        return last[0];
    }

    private static long monthSeconds() {
        Instant now = TestTime.now();
        Instant anchor = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return Duration.between(anchor, Billing.plusMonths(anchor, 1)).getSeconds();
    }
}
