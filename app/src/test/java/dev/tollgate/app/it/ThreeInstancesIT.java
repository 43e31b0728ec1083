package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.app.notifications.WebhookReceiver;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Three Tollgate processes with every role on one stack, as a small cluster runs: events are posted to all three
 * while one of them is killed with SIGKILL (its aggregator's and archiver's partitions move to the others) and a
 * fourth is started; the meters stay exact, each threshold notification is delivered once, and a billing period is
 * invoiced once although every process runs the billing schedule.
 */
class ThreeInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCHES = 60;
    /** Events in each {@link #batch}. */
    static final int PER_BATCH = 250;

    @Test
    void threeProcessesCountNotifyAndInvoiceOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>(NotificationDeliveryIT.settings(run));
        settings.putAll(Map.of(
                "tollgate.ingest.topic", "it-three-" + run,
                "tollgate.aggregator.group-id", "it-three-" + run,
                "tollgate.billing.run-every", "1s",
                "mp.messaging.incoming.events-archive.session.timeout.ms", "6000",
                "mp.messaging.incoming.events-archive.heartbeat.interval.ms", "2000"));
        Path log = Files.createTempFile("tollgate-three-it-", ".log");
        try (WebhookReceiver receiver = NotificationDeliveryIT.receiver();
                AppProcess a = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
                AppProcess c = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            AppProcess b = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
            AppProcess d;
            try {
                // Events through all three, while B is killed and D takes its place.
                String subject = "it-three-" + run;
                Instant time = a.now().truncatedTo(ChronoUnit.MINUTES);
                AtomicInteger posted = new AtomicInteger();
                List<AppProcess> fronts = new CopyOnWriteArrayList<>(List.of(a, b, c));
                CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < BATCHES; i++) {
                        try {
                            List<AppProcess> now = fronts;
                            BillingRunIT.postEvents(now.get(i % now.size()), batch(subject, time, i));
                            posted.addAndGet(PER_BATCH);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> posted.get() >= BATCHES * PER_BATCH / 4);
                // The stream stops posting to B, as a client fails over, and B dies with its consumers mid-stream.
                fronts.remove(b);
                Thread.sleep(1_000);
                b.kill();
                d = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
                stream.get();
                a.awaitAggregator(CrashRecoveryIT.PARTITIONS);
                BigDecimal counted = CrashRecoveryIT.count(a, subject);
                assertThat(counted).isEqualByComparingTo(BigDecimal.valueOf((long) BATCHES * PER_BATCH));

                notifiesOnce(receiver, run, a, c, d);
                invoicesOnce(run, a, c, d);
            } finally {
                b.close();
            }
            d.close();
        }
    }

    /** Every process sends notifications: each threshold crossed is delivered once. */
    private static void notifiesOnce(WebhookReceiver receiver, String run, AppProcess a, AppProcess c, AppProcess d)
            throws Exception {
        String channel = NotificationDeliveryIT.channel(a, receiver.url("/three-" + run), run);
        NotificationDeliveryIT.Thresholds thresholds = NotificationDeliveryIT.thresholdSetUp(c, d, channel, run);
        List<String> fired = NotificationDeliveryIT.crossThresholds(thresholds, receiver, a, d);
        Thread.sleep(NotificationDeliveryIT.REQUEST_TIMEOUT.toMillis());
        Map<String, List<WebhookReceiver.Received>> byId = NotificationDeliveryIT.byId(receiver.all());
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(fired);
        assertThat(byId.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
        assertThat(NotificationDeliveryIT.eventCount(c, thresholds.rule())).isEqualTo(3);
    }

    /** Every process runs the billing schedule: each customer's period is invoiced once, numbered without a gap. */
    private static void invoicesOnce(String run, AppProcess a, AppProcess c, AppProcess d) throws Exception {
        Instant start = a.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
        BillingRunIT.Setup setup = BillingRunIT.setUp(a, run, 12, start);
        BillingRunIT.setClocks(start.plus(Duration.ofHours(1)), a, c, d);
        BillingRunIT.postUsage(List.of(setup), a, c, d);
        BillingRunIT.awaitInvoices(a, setup, setup.customers().size());
        BillingRunIT.setClocks(BillingRunIT.plusMonths(start, 1).plus(BillingRunIT.AFTER_COLLECTION), a, c, d);
        BillingRunIT.awaitInvoices(a, setup, 2 * setup.customers().size());
        Thread.sleep(3_000); // more runs in every process: a duplicate made late would show now
        BillingRunIT.assertBilledOnce(setup, BillingRunIT.invoices(d, setup));
    }

    /** 250 API requests, which the default namespace's api_requests meter counts, in the ten minutes before time. */
    static ArrayNode batch(String subject, Instant time, int index) {
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < PER_BATCH; i++) {
            ObjectNode event = batch.addObject().put("specversion", "1.0").put("id", index + "-" + i + "-" + subject)
                    .put("source", "three-it").put("type", "api-request").put("subject", subject)
                    .put("time", time.minusSeconds(i % 600).toString());
            event.putObject("data").put("route", "/r").put("method", "GET").put("status", 200);
        }
        return batch;
    }
}
