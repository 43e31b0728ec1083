package dev.tollgate.app.it;

import static dev.tollgate.app.it.BillingRunIT.postEvents;
import static dev.tollgate.app.it.BillingRunIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A chargeback run killed with SIGKILL while it issues its departments' internal invoices (docs/finance.md): the
 * request repeated against a new process answers the same run, finishes the invoices the first one did not, and no
 * department is invoiced twice, whatever instant the kill fell on (between an invoice and the run's note of it too).
 */
class ChargebackRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEPARTMENTS = 80;
    private static final BigDecimal UNIT_COST = new BigDecimal("0.013");

    @Test
    void aRunKilledWhileInvoicingIsFinishedByItsRetryWithOneInvoicePerDepartment() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Map.of(
                "tollgate.ingest.topic", "it-chargeback-" + run,
                "tollgate.aggregator.group-id", "it-chargeback-" + run,
                "tollgate.aggregator.flush-interval", "100ms",
                "tollgate.aggregator.meter-refresh-interval", "1s",
                "tollgate.billing.run-every", "off",
                "mp.messaging.incoming.events-in.session.timeout.ms", "6000",
                "mp.messaging.incoming.events-in.heartbeat.interval.ms", "2000");
        Path log = Files.createTempFile("tollgate-chargeback-it-", ".log");
        String meter = "it_chargeback_" + run;
        String planId;
        Map<String, Object> request;
        try (AppProcess first = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            send(first, "POST", "/api/v1/meters", Map.of("slug", meter, "aggregation", "SUM", "eventType",
                    "usage-" + meter, "valueProperty", "$.n"), 201);
            send(first, "POST", "/api/v1/features", Map.of("key", "f_" + meter, "name", "Feature " + run,
                    "meterSlug", meter, "unitCost", Map.of("type", "manual", "amount", UNIT_COST.toPlainString(),
                            "currency", "EUR")), 201);
            Instant day = first.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
            ArrayNode events = JSON.createArrayNode();
            for (int d = 0; d < DEPARTMENTS; d++) {
                String subject = "chargeback-it-" + run + "-" + d;
                send(first, "POST", "/api/v1/customers", Map.of("key", subject, "name", "Customer " + d,
                        "usageAttribution", Map.of("subjectKeys", List.of(subject)), "metadata",
                        Map.of("costCenter", "cc-" + run + "-" + d)), 201);
                ObjectNode event = events.addObject().put("specversion", "1.0")
                        .put("id", UUID.randomUUID().toString()).put("source", "chargeback-it")
                        .put("type", "usage-" + meter).put("subject", subject)
                        .put("time", day.plus(Duration.ofHours(12)).toString());
                event.putObject("data").put("n", 100 + d);
            }
            postEvents(first, events);
            int expectedSum = DEPARTMENTS * 100 + DEPARTMENTS * (DEPARTMENTS - 1) / 2;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode data = send(first, "GET", "/api/v1/meters/" + meter + "/query", null, 200).path("data");
                return data.size() == 1 && data.get(0).path("value").asInt() == expectedSum;
            });
            planId = send(first, "POST", "/api/v1/chargeback/plans", Map.of("name", "Chargeback IT " + run,
                    "departmentKey", "costCenter", "currency", "EUR"), 201).path("id").asText();
            request = Map.of("planId", planId, "periodStart", day.toString(), "periodEnd",
                    day.plus(Duration.ofDays(1)).toString());

            CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> {
                try {
                    send(first, "POST", "/api/v1/chargeback/runs", request, 201);
                } catch (Exception | AssertionError killed) {
                    // the process is killed under it
                }
            });
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> invoiced(first, planId) >= 5);
            first.kill();
            starting.join();
        }

        try (AppProcess second = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            // Nothing resumes a run by itself: what the first process left is still there to count.
            assertThat(invoiced(second, planId)).as("departments invoiced when the first process was killed")
                    .isLessThan(DEPARTMENTS);
            JsonNode again = send(second, "POST", "/api/v1/chargeback/runs", request, 200);
            assertThat(again.path("status").asText()).isEqualTo("completed");
            JsonNode lines = again.path("lines");
            assertThat(lines).hasSize(DEPARTMENTS);
            Set<String> invoiceIds = new HashSet<>();
            for (JsonNode line : lines) {
                String invoiceId = line.path("invoiceId").asText();
                assertThat(invoiceId).as("department %s invoiced", line.path("department").asText()).isNotBlank();
                invoiceIds.add(invoiceId);
                JsonNode invoices = send(second, "GET", "/api/v1/billing/invoices?customers="
                        + line.path("billingCustomerId").asText() + "&pageSize=50", null, 200).path("items");
                assertThat(invoices).as("invoices of department %s", line.path("department").asText()).hasSize(1);
                assertThat(invoices.get(0).path("id").asText()).isEqualTo(invoiceId);
                assertThat(new BigDecimal(invoices.get(0).path("totals").path("total").asText()))
                        .isEqualByComparingTo(new BigDecimal(line.path("amount").asText()));
            }
            assertThat(invoiceIds).hasSize(DEPARTMENTS);
            long totalMinor = 0;
            for (JsonNode line : lines) {
                totalMinor += line.path("totalMinor").asLong();
            }
            long expectedMinor = UNIT_COST.multiply(BigDecimal.valueOf(DEPARTMENTS * 100L
                    + DEPARTMENTS * (DEPARTMENTS - 1L) / 2)).movePointRight(2).longValueExact();
            assertThat(totalMinor).as("the run charges every department's cost once").isEqualTo(expectedMinor);
        }
    }

    /** Departments of the plan's run with their invoice noted so far (0 while the run is not stored yet). */
    private static int invoiced(AppProcess app, String planId) throws Exception {
        JsonNode runs = send(app, "GET", "/api/v1/chargeback/runs?planId=" + planId, null, 200).path("items");
        int count = 0;
        for (JsonNode run : runs) {
            for (JsonNode line : run.path("lines")) {
                count += line.path("invoiceId").isTextual() ? 1 : 0;
            }
        }
        return count;
    }
}
