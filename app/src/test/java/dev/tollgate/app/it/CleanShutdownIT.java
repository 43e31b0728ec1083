package dev.tollgate.app.it;

import static dev.tollgate.app.it.BillingRunIT.send;
import static dev.tollgate.app.it.BillingRunIT.setClocks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.app.stripe.FakeStripe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A clean stop (SIGTERM, as Kubernetes sends on every rollout) lets the job running at that moment finish, and ends
 * without a warning or an error. Here the running job is a Stripe sync whose finalization Stripe holds for a few
 * seconds: the stop waits for it, its outcome is stored, and the next process finds the invoice synced. Before, the
 * jobs that fire every second or two went on during shutdown and failed against a closed EntityManagerFactory, and a
 * job in flight failed half-way.
 */
class CleanShutdownIT {

    private static final String FINALIZE = "/v1/invoices/[^/]+/finalize";

    @Test
    void aStopWaitsForTheRunningJobAndLogsNoWarningOrError() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (FakeStripe stripe = FakeStripe.start()) {
            Map<String, String> settings = Map.of("tollgate.ingest.topic", "it-shutdown-" + run,
                    "tollgate.aggregator.group-id", "it-shutdown-" + run, "tollgate.stripe.sync-every", "1s",
                    "tollgate.stripe.api-base", stripe.baseUrl(), "tollgate.stripe.read-timeout", "20s",
                    "tollgate.secrets.master-key", AppProcess.MASTER_KEY);
            Path log = Files.createTempFile("tollgate-shutdown-it-", ".log");
            String invoice;
            AppProcess app = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
            try {
                String profile = StripeSyncIT.stripeBillingProfile(app, stripe.newAccount(), run);
                String plan = StripeSyncIT.plan(app, run);
                Instant start = app.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
                String customer = send(app, "POST", "/api/v1/customers", Map.of("key", "shutdown-it-" + run,
                        "name", "Customer", "usageAttribution", Map.of("subjectKeys", List.of())), 201)
                        .path("id").asText();
                send(app, "PUT", "/api/v1/billing/customers/" + customer, Map.of("billingProfileId", profile), 200);
                send(app, "POST", "/api/v1/subscriptions", Map.of("customerId", customer, "plan", Map.of("key", plan),
                        "timing", start.toString()), 201);

                // Stripe finalizes the invoice, then holds its answer: the sync is in flight when the stop begins.
                stripe.timeoutNext(1, true, Duration.ofSeconds(4), "POST " + FINALIZE);
                setClocks(start.plus(Duration.ofHours(1)), app);
                send(app, "POST", "/api/v1/billing/runs", null, 200);
                invoice = StripeSyncIT.invoiceIds(app, List.of(customer)).get(0);
                await().atMost(Duration.ofSeconds(60)).until(() -> !stripe.requests("POST", FINALIZE).isEmpty());
            } catch (RuntimeException | AssertionError e) {
                app.close();
                throw e;
            }
            long stopping = Files.size(log);
            app.close();

            byte[] written = Files.readAllBytes(log);
            String shutdown = new String(written, (int) stopping, written.length - (int) stopping,
                    StandardCharsets.UTF_8);
            assertThat(shutdown).contains("StripeSyncJob.scheduled").contains("stopped in");
            assertThat(shutdown.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
                    .as("WARN and ERROR lines logged while the process stopped (%s)", log).isEmpty();

            // The answer the stopped process waited for was stored: the next process finds the invoice synced.
            try (AppProcess next = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
                assertThat(StripeSyncIT.status(next, invoice)).isEqualTo("payment_processing.pending");
                assertThat(stripe.requests("POST", FINALIZE)).hasSize(1);
                assertThat(stripe.finalizedInvoiceCount()).isEqualTo(1);
            }
        }
    }
}
