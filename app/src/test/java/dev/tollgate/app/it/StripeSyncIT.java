package dev.tollgate.app.it;

import static dev.tollgate.app.it.BillingRunIT.send;
import static dev.tollgate.app.it.BillingRunIT.setClocks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.app.stripe.FakeStripe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Stripe sync's exactly-once claim (docs/stripe.md) with real processes: two Tollgate processes sync the same
 * issued invoices at once, Stripe refuses every finalization for a while (so every sync stands between its lines and
 * its finalization), and one process is killed with SIGKILL in the middle. The other finishes every sync; Stripe then
 * holds exactly one finalized invoice per Tollgate invoice, with its one line and the right total.
 */
class StripeSyncIT {

    private static final int CUSTOMERS = 20;

    @Test
    void twoProcessesAndAKillMakeExactlyOneFinalizedStripeInvoiceEach() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (FakeStripe stripe = FakeStripe.start()) {
            Map<String, String> settings = new HashMap<>();
            settings.put("tollgate.ingest.topic", "it-stripe-" + run);
            settings.put("tollgate.aggregator.group-id", "it-stripe-" + run);
            settings.put("tollgate.billing.run-every", "off");
            settings.put("tollgate.stripe.sync-every", "500ms");
            settings.put("tollgate.stripe.api-base", stripe.baseUrl());
            settings.put("tollgate.stripe.first-backoff", "1s");
            settings.put("tollgate.stripe.max-backoff", "4s");
            settings.put("tollgate.stripe.read-timeout", "3s");
            settings.put("tollgate.secrets.master-key", AppProcess.MASTER_KEY);
            Path log = Files.createTempFile("tollgate-stripe-it-", ".log");
            try (AppProcess a = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
                    AppProcess b = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
                FakeStripe.Credentials account = stripe.newAccount();
                String profile = stripeBillingProfile(a, account, run);
                String plan = plan(a, run);
                Instant start = a.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
                List<String> customers = new ArrayList<>();
                for (int i = 0; i < CUSTOMERS; i++) {
                    String id = send(a, "POST", "/api/v1/customers", Map.of("key", "stripe-it-" + run + "-" + i,
                            "name", "Customer " + i, "usageAttribution", Map.of("subjectKeys", List.of())), 201)
                            .path("id").asText();
                    send(a, "PUT", "/api/v1/billing/customers/" + id, Map.of("billingProfileId", profile), 200);
                    send(a, "POST", "/api/v1/subscriptions", Map.of("customerId", id, "plan", Map.of("key", plan),
                            "timing", start.toString()), 201);
                    customers.add(id);
                }

                // Every finalization refused (and not to be retried at once) until the test lifts it: each sync
                // gets as far as its lines and waits there, in both processes.
                stripe.failNext(100_000, 500, false, "POST /v1/invoices/[^/]+/finalize");
                setClocks(start.plus(Duration.ofHours(1)), a, b);
                send(a, "POST", "/api/v1/billing/runs", null, 200);
                List<String> invoices = invoiceIds(a, customers);
                assertThat(invoices).hasSize(CUSTOMERS);
                await().atMost(Duration.ofSeconds(90)).until(() -> stripe.requests("POST",
                        "/v1/invoices/[^/]+/add_lines").stream().filter(r -> r.status() == 200).count() >= CUSTOMERS);
                a.kill();
                stripe.clearFaults();

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> stripe.finalizedInvoiceCount() >= CUSTOMERS
                                && invoiceIds(b, customers).stream().allMatch(id -> status(b, id)
                                        .equals("payment_processing.pending")));
                Thread.sleep(2_000); // a late duplicate would show now
                for (String invoice : invoices) {
                    List<FakeStripe.InvoiceView> inStripe = stripe.invoicesWithMetadata("tollgate_invoice_id",
                            invoice);
                    assertThat(inStripe).as("Stripe invoices of %s", invoice).singleElement().satisfies(i -> {
                        assertThat(i.status()).isEqualTo("open");
                        assertThat(i.total()).isEqualTo(1000);
                        assertThat(i.lines()).hasSize(1);
                    });
                }
                assertThat(stripe.finalizedInvoiceCount()).isEqualTo(CUSTOMERS);
                assertThat(stripe.customers().stream().filter(c -> account.accountId().equals(c.accountId())))
                        .hasSize(CUSTOMERS);
            }
        }
    }

    /** Installs the Stripe app with the account's key, and a billing profile that invoices through it. */
    static String stripeBillingProfile(AppProcess app, FakeStripe.Credentials account, String run) throws Exception {
        String appId = send(app, "POST", "/api/v1/marketplace/listings/stripe/install/apikey",
                Map.of("name", "Stripe IT", "apiKey", account.apiKey(), "createBillingProfile", false), 200)
                .path("app").path("id").asText();
        return send(app, "POST", "/api/v1/billing/profiles", Map.of("name", "Stripe IT " + run,
                "supplier", Map.of("name", "Tollgate IT"), "default", false,
                "apps", Map.of("invoicing", appId)), 201).path("id").asText();
    }

    /** A plan of one flat fee, 10 USD a month in advance: each customer's first invoice is due at its start. */
    static String plan(AppProcess app, String run) throws Exception {
        Map<String, Object> phase = new HashMap<>();
        phase.put("key", "main");
        phase.put("name", "Main");
        phase.put("duration", null);
        phase.put("rateCards", List.of(Map.of("type", "flat_fee", "key", "platform", "name", "Platform",
                "billingCadence", "P1M", "price", Map.of("type", "flat", "amount", "10",
                        "paymentTerm", "in_advance"))));
        String key = "plan_stripe_" + run;
        String id = send(app, "POST", "/api/v1/plans", Map.of("key", key, "name", "Stripe IT " + run,
                "currency", "USD", "billingCadence", "P1M", "phases", List.of(phase)), 201).path("id").asText();
        send(app, "POST", "/api/v1/plans/" + id + "/publish", null, 200);
        return key;
    }

    static List<String> invoiceIds(AppProcess app, List<String> customers) throws Exception {
        StringBuilder path = new StringBuilder("/api/v1/billing/invoices?pageSize=100&statuses=issuing"
                + "&statuses=payment_processing&statuses=paid");
        customers.forEach(c -> path.append("&customers=").append(c));
        List<String> ids = new ArrayList<>();
        for (JsonNode invoice : send(app, "GET", path.toString(), null, 200).path("items")) {
            ids.add(invoice.path("id").asText());
        }
        return ids;
    }

    static String status(AppProcess app, String invoiceId) {
        try {
            return send(app, "GET", "/api/v1/billing/invoices/" + invoiceId, null, 200).path("statusDetails")
                    .path("extendedStatus").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
