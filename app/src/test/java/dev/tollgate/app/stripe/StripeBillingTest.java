package dev.tollgate.app.stripe;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.billing.Billing.map;
import static dev.tollgate.app.billing.Billing.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.tollgate.app.TestApi;
import dev.tollgate.app.TestTime;
import dev.tollgate.app.billing.Billing;
import dev.tollgate.invoicing.stripe.StripeInvoiceSyncer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invoices through Stripe, end to end against the fake: usage through Kafka and ClickHouse, a cycle closed by the
 * test clock, the invoice synced to Stripe once whatever Stripe or the network does, and Stripe's payment events
 * back. Every Stripe call's idempotency key is checked in the fake's request log.
 */
@QuarkusTest
@QuarkusTestResource(value = StripeTestResource.class, restrictToAnnotatedClass = true)
class StripeBillingTest {

    @Inject
    StripeInvoiceSyncer syncer;

    private FakeStripe stripe;

    /** One customer billed through a Stripe app of its own account. */
    private record Setup(FakeStripe.Credentials account, String appId, String customerId, String subject,
            String meter, Instant start) {
    }

    @BeforeEach
    void followTheTestClock() {
        StripeTestResource.followClock(TestTime.clock());
        stripe = StripeTestResource.fake();
        stripe.clearFaults();
    }

    private Setup setUp() {
        FakeStripe.Credentials account = stripe.newAccount();
        String appId = admin().contentType(ContentType.JSON)
                .body(map("name", "Stripe test", "apiKey", account.apiKey(), "createBillingProfile", false))
                .post("/api/v1/marketplace/listings/stripe/install/apikey").then().statusCode(200)
                .body("app.type", equalTo("stripe")).body("app.stripeAccountId", equalTo(account.accountId()))
                .body("app.maskedAPIKey", not(equalTo(account.apiKey())))
                .extract().path("app.id");
        assertThat(admin().get("/api/v1/apps/" + appId).asString()).doesNotContain(account.apiKey());
        String profile = admin().contentType(ContentType.JSON).body(map("name", Billing.unique("stripe"),
                "supplier", map("name", "Tollgate test"), "default", false, "apps", map("invoicing", appId)))
                .post("/api/v1/billing/profiles").then().statusCode(201)
                .body("apps.invoicing.id", equalTo(appId)).extract().path("id");
        String meter = Billing.meter("SUM");
        String feature = Billing.feature(meter);
        String plan = Billing.publish(Billing.plan("USD", List.of(Billing.flatFee("platform", "29", "in_advance"),
                Billing.usage(feature, Billing.unitPrice("0.5")))));
        String subject = TestApi.uniqueSubject();
        String customer = Billing.customer(subject, null);
        admin().contentType(ContentType.JSON).body(map("billingProfileId", profile))
                .put("/api/v1/billing/customers/" + customer).then().statusCode(200);
        Instant start = Billing.nextDay();
        Billing.subscribe(customer, plan, start);
        TestTime.advanceTo(start.plus(Duration.ofHours(2)));
        Billing.run();
        return new Setup(account, appId, customer, subject, meter, start);
    }

    /** The customer's invoices, oldest first. */
    private static List<Map<String, Object>> invoices(Setup setup) {
        return Billing.invoices(setup.customerId());
    }

    private void syncUntilDone(String invoiceId) {
        for (int round = 0; round < 30; round++) {
            syncer.syncDue();
            String status = Billing.invoice(invoiceId).extract().path("statusDetails.extendedStatus");
            if (!"issuing.syncing".equals(status)) {
                return;
            }
            TestTime.advance(Duration.ofMinutes(5)); // past any backoff
        }
        throw new AssertionError("invoice " + invoiceId + " is still syncing");
    }

    @Test
    void anInvoiceReachesStripeOnceAndComesBackPaid() {
        Setup setup = setUp();
        Map<String, Object> first = invoices(setup).get(0);
        String invoiceId = (String) first.get("id");
        assertThat(path(first, "statusDetails", "extendedStatus").toString()).isEqualTo("issuing.syncing");

        syncUntilDone(invoiceId);
        String stripeId = Billing.invoice(invoiceId).body("status", equalTo("payment_processing"))
                .body("externalIds.invoicing", startsWith("in_")).body("externalIds.url", startsWith("http"))
                .extract().path("externalIds.invoicing");
        FakeStripe.InvoiceView synced = stripe.invoice(stripeId);
        assertThat(synced.status()).isEqualTo("open");
        assertThat(synced.total()).isEqualTo(2900);
        assertThat(synced.metadata()).containsEntry("tollgate_invoice_id", invoiceId);
        assertThat(synced.lines()).singleElement().satisfies(line -> {
            assertThat(line.amount()).isEqualTo(2900);
            assertThat(line.metadata()).containsKey("tollgate_line_id");
        });
        assertKeys(setup, invoiceId, stripeId);

        // The Stripe customer the first invoice made, with Tollgate's id in its metadata, and its portal.
        admin().get("/api/v1/customers/" + setup.customerId() + "/stripe").then().statusCode(200)
                .body("type", equalTo("stripe")).body("stripeCustomerId", equalTo(synced.customer()));
        assertThat(stripe.customer(synced.customer()).metadata())
                .containsEntry("tollgate_customer_id", setup.customerId());
        admin().contentType(ContentType.JSON).body(map("returnUrl", "https://example.com/account"))
                .post("/api/v1/customers/" + setup.customerId() + "/stripe/portal").then().statusCode(201)
                .body("url", startsWith("https://")).body("stripeCustomerId", equalTo(synced.customer()));

        stripe.pay(stripeId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Billing.invoice(invoiceId)
                .body("status", equalTo("paid")));

        // The next cycle, with usage through Kafka and ClickHouse: the same Stripe customer, a second invoice.
        Instant periodEnd = Billing.plusMonths(setup.start(), 1);
        Billing.usageEvents(setup.meter(), setup.subject(), List.of(setup.start().plusSeconds(60),
                setup.start().plusSeconds(120)), List.of("2", "1"));
        Billing.awaitTotal(setup.meter(), setup.subject(), "3");
        TestTime.advanceTo(periodEnd.plus(Duration.ofHours(2)));
        Billing.run();
        String second = (String) invoices(setup).get(1).get("id");
        syncUntilDone(second);
        String secondStripeId = Billing.invoice(second).body("totals.total", equalTo("30.5"))
                .extract().path("externalIds.invoicing");
        assertThat(stripe.invoice(secondStripeId).total()).isEqualTo(3050);
        assertThat(stripe.invoice(secondStripeId).customer()).isEqualTo(synced.customer());
        assertThat(stripe.requests("POST", "/v1/customers")).hasSize(1);

        // Voided in Tollgate: voided in Stripe first, so the customer is not asked to pay it.
        admin().contentType(ContentType.JSON).body(map("action", map("percentage", 100, "action",
                map("type", "discard")), "reason", "mistake")).post("/api/v1/billing/invoices/" + second + "/void")
                .then().statusCode(200).body("status", equalTo("voided"));
        assertThat(stripe.invoice(secondStripeId).status()).isEqualTo("void");
        assertThat(stripe.requests("POST", "/v1/invoices/" + secondStripeId + "/void"))
                .allMatch(r -> r.idempotencyKey().equals("tollgate:invoice:" + second + ":void"));
    }

    /** Every call that changed something in Stripe carried the key derived from Tollgate's ids and the step. */
    private void assertKeys(Setup setup, String invoiceId, String stripeId) {
        assertThat(stripe.requests("POST", "/v1/webhook_endpoints").stream()
                .filter(r -> r.apiKey().equals(setup.account().apiKey())))
                .allMatch(r -> r.idempotencyKey().equals("tollgate:app:" + setup.appId() + ":webhook"));
        assertThat(stripe.requests("POST", "/v1/customers").stream()
                .filter(r -> r.apiKey().equals(setup.account().apiKey())))
                .isNotEmpty().allMatch(r -> r.idempotencyKey().equals("tollgate:app:" + setup.appId()
                        + ":customer:" + setup.customerId()));
        assertThat(stripe.requests("POST", "/v1/invoices").stream()
                .filter(r -> invoiceId.equals(r.param("metadata[tollgate_invoice_id]"))))
                .isNotEmpty().allMatch(r -> r.idempotencyKey().equals("tollgate:invoice:" + invoiceId + ":create"));
        assertThat(stripe.requests("POST", "/v1/invoices/" + stripeId + "/add_lines"))
                .isNotEmpty().allMatch(r -> r.idempotencyKey().equals("tollgate:invoice:" + invoiceId + ":lines:0"));
        assertThat(stripe.requests("POST", "/v1/invoices/" + stripeId + "/finalize"))
                .isNotEmpty().allMatch(r -> r.idempotencyKey().equals("tollgate:invoice:" + invoiceId
                        + ":finalize"));
    }

    @Test
    void faultsAndTimeoutsNeverMakeASecondInvoiceOrFinalization() {
        // A timeout after Stripe made the invoice, a 429 storm on the lines, and 500s on finalize past
        // stripe-java's own retries: the sync waits and resumes, always with the same keys.
        stripe.timeoutNext(1, true, Duration.ofSeconds(4), "POST /v1/invoices");
        stripe.failNext(8, 429, true, "POST /v1/invoices/[^/]+/add_lines");
        stripe.failNext(5, 500, null, "POST /v1/invoices/[^/]+/finalize");
        Setup setup = setUp();
        String invoiceId = (String) invoices(setup).get(0).get("id");
        syncUntilDone(invoiceId);
        assertThat(stripe.pendingFaults()).isZero();

        String stripeId = Billing.invoice(invoiceId).body("status", equalTo("payment_processing"))
                .extract().path("externalIds.invoicing");
        assertThat(stripe.invoicesWithMetadata("tollgate_invoice_id", invoiceId)).singleElement()
                .satisfies(i -> {
                    assertThat(i.status()).isEqualTo("open");
                    assertThat(i.total()).isEqualTo(2900);
                    assertThat(i.lines()).hasSize(1);
                });
        assertThat(stripe.requests("POST", "/v1/invoices/" + stripeId + "/finalize").stream()
                .filter(r -> r.status() == 200)).hasSize(1);
        assertKeys(setup, invoiceId, stripeId);
    }

    @Test
    void pastStripesIdempotencyWindowTheSyncFindsWhatItMadeBeforeInsteadOfMakingItAgain() {
        // Stripe makes the invoice, and every answer to it is lost: the sync waits, not knowing.
        stripe.timeoutNext(3, true, Duration.ofSeconds(4), "POST /v1/invoices");
        Setup setup = setUp();
        String invoiceId = (String) invoices(setup).get(0).get("id");
        syncer.syncDue();
        assertThat(stripe.invoicesWithMetadata("tollgate_invoice_id", invoiceId)).hasSize(1);
        Billing.invoice(invoiceId).body("statusDetails.extendedStatus", equalTo("issuing.syncing"));
        long creates = stripe.requests("POST", "/v1/invoices").stream()
                .filter(r -> invoiceId.equals(r.param("metadata[tollgate_invoice_id]"))).count();

        // A day later Stripe has forgotten the key: the sync searches by metadata first, and adopts the invoice.
        TestTime.advance(Duration.ofHours(25));
        syncUntilDone(invoiceId);
        assertThat(stripe.invoicesWithMetadata("tollgate_invoice_id", invoiceId)).singleElement()
                .satisfies(i -> assertThat(i.status()).isEqualTo("open"));
        assertThat(stripe.requests("POST", "/v1/invoices").stream()
                .filter(r -> invoiceId.equals(r.param("metadata[tollgate_invoice_id]")))).hasSize((int) creates);
        assertThat(stripe.requests("GET", "/v1/invoices/search")).isNotEmpty();
    }

    @Test
    void aRefusalStopsTheSyncUntilRetried() {
        Setup setup = setUp();
        String invoiceId = (String) invoices(setup).get(0).get("id");
        stripe.revokeApiKey(setup.account().apiKey());
        syncer.syncDue();
        Billing.invoice(invoiceId).body("statusDetails.extendedStatus", equalTo("issuing.failed"))
                .body("statusDetails.failed", equalTo(true))
                .body("validationIssues.component", hasItem("stripe"))
                .body("statusDetails.availableActions.retry.resultingState", equalTo("issuing.syncing"));

        stripe.addApiKey(setup.account().accountId(), setup.account().apiKey());
        admin().post("/api/v1/billing/invoices/" + invoiceId + "/retry").then().statusCode(200)
                .body("statusDetails.extendedStatus", equalTo("issuing.syncing"));
        syncUntilDone(invoiceId);
        Billing.invoice(invoiceId).body("status", equalTo("payment_processing"));
        assertThat(stripe.invoicesWithMetadata("tollgate_invoice_id", invoiceId)).hasSize(1);
    }

    @Test
    void webhooksAreVerifiedAppliedOnceAndInOrder() {
        Setup setup = setUp();
        String invoiceId = (String) invoices(setup).get(0).get("id");
        syncUntilDone(invoiceId);
        String stripeId = Billing.invoice(invoiceId).extract().path("externalIds.invoicing");

        // Unsigned or signed with another secret: a 400, and nothing changes.
        StripeEvent failed = stripe.event("invoice.payment_failed", stripeId);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body(failed.payload())
                .post("/api/v1/apps/" + setup.appId() + "/stripe/webhook").then().statusCode(400);
        assertThat(failed.deliverWithSecret("whsec_not_the_secret")).isEqualTo(400);
        assertThat(failed.deliverLate(Duration.ofMinutes(10))).isEqualTo(400);
        Billing.invoice(invoiceId).body("status", equalTo("payment_processing"));

        // Paid, then the older failure arrives: still paid. The paid event again: applied once, still paid.
        TestTime.advance(Duration.ofMinutes(1));
        stripe.pay(stripeId, false);
        StripeEvent paid = stripe.event("invoice.paid", stripeId);
        assertThat(paid.deliver()).isEqualTo(200);
        Billing.invoice(invoiceId).body("status", equalTo("paid"));
        assertThat(failed.deliver()).isEqualTo(200);
        assertThat(paid.deliver()).isEqualTo(200);
        Billing.invoice(invoiceId).body("status", equalTo("paid"));
    }
}
