package dev.tollgate.app.notifications;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.notifications.Notifications.threshold;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.app.billing.Billing;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quota and invoice notifications through months on the test clock, delivered to a real local receiver that checks
 * every signature.
 */
@QuarkusTest
class NotificationScenariosTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new WebhookReceiver(TestTime::clock).secret(Notifications.SECRET).start();
    }

    @AfterEach
    void stopReceiver() {
        Notifications.deleteRules();
        receiver.close();
    }

    @Test
    void aFreeCustomerHearsOfEightyAndHundredPercentOnceAMonthFromThePlansThresholds() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(map("type", "usage_based", "key", feature,
                "name", "API requests", "featureKey", feature, "billingCadence", "P1M", "price", null,
                "entitlementTemplate", map("type", "metered", "issueAfterReset", 100, "usagePeriod", "P1M",
                        "thresholds", List.of(threshold("PERCENT", 80), threshold("PERCENT", 100)))))));
        String channel = Notifications.channel(receiver.url("/free"));
        Notifications.rule(map("type", "entitlements.balance.threshold", "name", "Free plan quotas", "channels",
                List.of(channel), "features", List.of(feature), "thresholds", List.of(threshold("usage_value",
                        1_000_000)), "metadata", Map.of("tollgate.io/plan-thresholds", "true")));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);

        TestTime.advanceTo(start.plus(Duration.ofDays(3)));
        requests(meter, subject, start.plusSeconds(3600), 79);
        Billing.awaitTotal(meter, subject, "79");
        requests(meter, subject, start.plusSeconds(3600), 2);
        assertThresholds(1, "80");
        requests(meter, subject, start.plusSeconds(7200), 19);
        assertThresholds(2, "100");
        requests(meter, subject, start.plusSeconds(7300), 5);
        Billing.awaitTotal(meter, subject, "105");

        TestTime.advanceTo(Billing.plusMonths(start, 1).plus(Duration.ofDays(1)));
        Instant nextMonth = Billing.plusMonths(start, 1).plusSeconds(3600);
        requests(meter, subject, nextMonth, 85);
        assertThresholds(3, "80");
        requests(meter, subject, nextMonth, 15);
        List<WebhookReceiver.Received> all = assertThresholds(4, "100");
        settle();
        assertThat(receiver.ofType("entitlements.balance.threshold")).as("exactly four, each once").hasSize(4);
        assertThat(all).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(all.get(0).json().at("/data/customer/id").asText()).isEqualTo(customer);
        assertThat(all.get(0).json().at("/data/feature/key").asText()).isEqualTo(feature);
        assertThat(all.get(0).json().at("/data/subject/key").asText()).isEqualTo(subject);
        assertThat(all.get(1).json().at("/data/value/usage").decimalValue()).isGreaterThanOrEqualTo(
                java.math.BigDecimal.valueOf(100));

        String eventId = all.get(0).webhookId();
        var event = admin().get("/api/v1/notification/events/" + eventId).then().statusCode(200).extract()
                .jsonPath();
        assertThat(event.getString("type")).isEqualTo("entitlements.balance.threshold");
        assertThat(event.getString("deliveryStatus[0].state")).isEqualTo("SUCCESS");
        assertThat(event.getString("deliveryStatus[0].channel.id")).isEqualTo(channel);
        assertThat(event.getInt("deliveryStatus[0].attempts[0].response.statusCode")).isEqualTo(204);
        assertThat(event.getString("payload.id")).isEqualTo(eventId);
    }

    @Test
    void aBalanceThresholdOnAPrepaidGrantFiresOnceEvenAfterATopUp() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = TestTime.now().plus(Duration.ofMinutes(1));
        admin().contentType(ContentType.JSON).body(map("type", "metered", "featureKey", feature, "usagePeriod",
                map("interval", "MONTH"), "measureUsageFrom", start.truncatedTo(java.time.temporal.ChronoUnit
                        .MINUTES).plusSeconds(60).toString())).post("/api/v2/customers/" + customer
                + "/entitlements").then().statusCode(201);
        String channel = Notifications.channel(receiver.url("/prepaid"));
        Notifications.rule(map("type", "entitlements.balance.threshold", "name", "Low prepaid balance", "channels",
                List.of(channel), "features", List.of(feature), "thresholds", List.of(threshold("balance_value",
                        10))));
        TestTime.advance(Duration.ofMinutes(3));
        Instant now = TestTime.now();
        admin().contentType(ContentType.JSON).body(map("amount", 50, "effectiveAt", now.minusSeconds(30)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString(), "expiration", map("duration",
                        "YEAR", "count", 1))).post("/api/v2/customers/" + customer + "/entitlements/" + feature
                + "/grants").then().statusCode(201);
        requests(meter, subject, now, 41);
        List<WebhookReceiver.Received> fired = receiver.awaitDelivered(r -> "balance_value".equals(
                r.json().at("/data/threshold/type").asText()), 1, WAIT);
        assertThat(fired.get(0).json().at("/data/value/balance").decimalValue()).isLessThanOrEqualTo(
                java.math.BigDecimal.TEN);

        admin().contentType(ContentType.JSON).body(map("amount", 100, "effectiveAt", now.truncatedTo(
                java.time.temporal.ChronoUnit.MINUTES).toString(), "expiration", map("duration", "YEAR", "count",
                        1))).post("/api/v2/customers/" + customer + "/entitlements/" + feature + "/grants").then()
                .statusCode(201);
        requests(meter, subject, now, 100);
        Billing.awaitTotal(meter, subject, "141");
        settle();
        assertThat(receiver.delivered()).as("the top-up and the second fall re-fire nothing in the period")
                .hasSize(1);
    }

    @Test
    void aRuleMadeAfterTheCrossingFiresWithoutWaitingForMoreUsage() {
        String meter = Billing.meter("COUNT");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(map("type", "usage_based", "key", feature,
                "name", "API requests", "featureKey", feature, "billingCadence", "P1M", "price", null,
                "entitlementTemplate", map("type", "metered", "issueAfterReset", 10, "usagePeriod", "P1M")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofDays(1)));
        requests(meter, subject, start.plusSeconds(60), 9);
        Billing.awaitTotal(meter, subject, "9");
        settle();

        String channel = Notifications.channel(receiver.url("/late-rule"));
        Notifications.rule(map("type", "entitlements.balance.threshold", "name", "Made late", "channels",
                List.of(channel), "features", List.of(feature), "thresholds", List.of(threshold("usage_percentage",
                        80))));
        List<WebhookReceiver.Received> fired = receiver.awaitDelivered(r -> "entitlements.balance.threshold"
                .equals(r.type()), 1, WAIT);
        assertThat(fired.get(0).json().at("/data/customer/id").asText()).isEqualTo(customer);
    }

    @Test
    void invoicesTellOfTheirCreationAndChangesButGatheringInvoicesDoNot() {
        String channel = Notifications.channel(receiver.url("/invoices"));
        String created = Notifications.rule(map("type", "invoice.created", "name", "Invoices", "channels",
                List.of(channel)));
        String updated = Notifications.rule(map("type", "invoice.updated", "name", "Invoice changes", "channels",
                List.of(channel)));
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.flatFee(Billing.unique("fee"), "10",
                "in_advance"))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, "USD");
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofHours(1)));
        Billing.run();
        List<Map<String, Object>> invoices = Billing.invoices(customer);
        assertThat(invoices).isNotEmpty();
        String invoiceId = (String) invoices.get(0).get("id");
        List<WebhookReceiver.Received> createdEvents = receiver.awaitDelivered(r -> "invoice.created".equals(
                r.type()) && invoiceId.equals(r.json().at("/data/id").asText()), 1, WAIT);
        assertThat(createdEvents.get(0).json().at("/data/status").asText()).doesNotStartWith("gathering");
        // Without an invoicing app the invoice is issued at once and waits for payment: the payment moves it on.
        admin().contentType(ContentType.JSON).body(map("trigger", "paid")).post("/api/v1/apps/custom-invoicing/"
                + invoiceId + "/payment/status").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        String after = admin().get("/api/v1/billing/invoices/" + invoiceId).then().statusCode(200).extract()
                .path("status");
        List<WebhookReceiver.Received> updates = receiver.awaitDelivered(r -> "invoice.updated".equals(r.type())
                && invoiceId.equals(r.json().at("/data/id").asText())
                && after.equals(r.json().at("/data/status").asText()), 1, WAIT);
        assertThat(updates.get(0).json().at("/data/status").asText()).isEqualTo(after);
        settle();
        assertThat(receiver.delivered()).allSatisfy(r -> assertThat(r.json().at("/data/status").asText())
                .isNotEqualTo("gathering"));
        assertThat(created).isNotEqualTo(updated);
    }

    private List<WebhookReceiver.Received> assertThresholds(int count, String lastValue) {
        List<WebhookReceiver.Received> fired = receiver.awaitDelivered(r -> "entitlements.balance.threshold"
                .equals(r.type()), count, WAIT);
        assertThat(fired.get(count - 1).json().at("/data/threshold/value").decimalValue())
                .isEqualByComparingTo(lastValue);
        return fired;
    }

    /** Time for anything that should not happen to happen: two usage polls, a change poll and a send. */
    private static void settle() {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requests(String meter, String subject, Instant at, int count) {
        Billing.usageEvents(meter, subject, Collections.nCopies(count, at), new ArrayList<>(Collections.nCopies(
                count, "1")));
    }
}
