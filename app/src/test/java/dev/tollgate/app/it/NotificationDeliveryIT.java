package dev.tollgate.app.it;

import static dev.tollgate.app.it.BillingRunIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.app.notifications.WebhookReceiver;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The notification outbox's delivery claims (docs/notifications.md, "Sending") with real processes on one PostgreSQL:
 * a process killed with SIGKILL mid-send loses no notification (the restarted one sends what the dead one held, once
 * its lease ran out, with the same webhook-id: at least once), and two processes sending at once share the work
 * without sending anything twice. Every webhook goes to a real local receiver that checks its Standard Webhooks
 * signature.
 */
class NotificationDeliveryIT {

    /** Base64 of 32 bytes: seals the channels' signing secrets, which both processes must open. */
    static final String SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** A whole attempt may take this long: the receiver's slow answers (2 s) fit, with room. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DELIVERED = Duration.ofSeconds(90);
    private static final int CRASH_EVENTS = 30;
    private static final int SHARED_EVENTS = 40;

    /**
     * One process sends to a slow receiver (2 s an answer) that fails every message's first attempt; it is killed
     * while some messages are delivered, some in flight and the rest pending. A new process must deliver every
     * message; the only duplicates allowed are messages the dead process had sent but not recorded as sent.
     */
    @Test
    void aProcessKilledMidSendLosesNoNotificationAndRepeatsOnlyWhatWasInFlight() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = settings(run);
        Path log = Files.createTempFile("tollgate-notify-crash-it-", ".log");
        long started = System.nanoTime();
        try (WebhookReceiver receiver = receiver()) {
            receiver.answerAfter(Duration.ofSeconds(2)).failFirst(1, 503);
            String path = "/crash-" + run;
            String rule;
            List<String> created = new ArrayList<>();
            Instant killedAt;
            try (AppProcess first = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
                rule = testRule(first, channel(first, receiver.url(path), run), run);
                for (int i = 0; i < CRASH_EVENTS; i++) {
                    created.add(testEvent(first, rule));
                }
                // Some delivered, the rest not yet: eight senders are busy with slow answers, so some are in flight.
                await().atMost(DELIVERED).pollInterval(Duration.ofMillis(50))
                        .until(() -> receiver.distinctDeliveredIds().size() >= 6);
                first.kill();
                // Whatever arrived before this was sent by the dead process; whatever after, by the new one.
                killedAt = Instant.now();
            }
            int deliveredAtKill = receiver.distinctDeliveredIds().size();
            assertThat(deliveredAtKill).as("messages delivered when the process was killed").isLessThan(CRASH_EVENTS);

            Map<String, JsonNode> outbox;
            try (AppProcess second = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
                await().atMost(DELIVERED).pollInterval(Duration.ofMillis(250))
                        .until(() -> receiver.distinctDeliveredIds().containsAll(created));
                outbox = awaitAllSucceeded(second, created);
                assertThat(eventCount(second, rule)).as("notification events of the rule, each made once")
                        .isEqualTo(CRASH_EVENTS);
            }

            List<WebhookReceiver.Received> all = receiver.all();
            assertThat(all).allSatisfy(request -> assertThat(request.signatureValid()).as(request.toString())
                    .isTrue());
            Map<String, List<WebhookReceiver.Received>> requestsById = byId(all);
            assertThat(requestsById.keySet()).as("webhook-ids received").containsExactlyInAnyOrderElementsOf(created);

            // The outbox records an attempt after its answer: the kill cut off the attempts in flight, and those
            // answered but not yet recorded. Those are the only requests the outbox does not know of, and the only
            // ones that may make a message arrive twice (at least once); the new process records all it sends.
            Instant killedOnAppClock = killedAt.plus(clockOffset());
            long cutOff = 0;
            List<String> duplicated = new ArrayList<>();
            for (String id : created) {
                List<WebhookReceiver.Received> requests = requestsById.get(id);
                List<JsonNode> attempts = new ArrayList<>();
                outbox.get(id).at("/deliveryStatus/0/attempts").forEach(attempts::add);
                long sentBeforeKill = requests.stream().filter(r -> r.receivedAt().isBefore(killedAt)).count();
                long recordedBeforeKill = attempts.stream().filter(attempt -> Instant.parse(attempt.path("timestamp")
                        .asText()).isBefore(killedOnAppClock)).count();
                long unrecorded = sentBeforeKill - recordedBeforeKill;
                // One attempt of a message at a time: a process holds the message's claim while it sends.
                assertThat(unrecorded).as("attempts of %s the kill cut off: %s", id, requests).isBetween(0L, 1L);
                assertThat(requests.size() - sentBeforeKill).as("attempts of %s sent by the new process", id)
                        .isEqualTo(attempts.size() - recordedBeforeKill);
                assertThat(attempts.stream().filter(attempt -> "SUCCESS".equals(attempt.path("state").asText())))
                        .as("successful attempts of %s in the outbox", id).hasSize(1);
                cutOff += unrecorded;
                List<WebhookReceiver.Received> delivered = requests.stream()
                        .filter(WebhookReceiver.Received::delivered).toList();
                if (delivered.size() > 1) {
                    duplicated.add(id);
                    assertThat(delivered).as("deliveries of %s", id).hasSize(2);
                    assertThat(unrecorded).as("attempts of %s the kill cut off", id).isEqualTo(1);
                    assertThat(delivered.get(0).receivedAt()).as("first delivery of %s", id).isBefore(killedAt);
                }
            }
            assertThat(cutOff).as("attempts the kill cut off").isPositive();
            System.out.printf("NotificationDeliveryIT crash: %d events, %d delivered at the kill, %d attempts cut"
                    + " off by it, %d requests in all, %d webhook-ids delivered twice %s, %.1f s%n", CRASH_EVENTS,
                    deliveredAtKill, cutOff, all.size(), duplicated.size(), duplicated,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Two processes at once: test events made through both, and real threshold events (a usage_value rule on a
     * metered entitlement, crossed step by step), which both processes' threshold watchers see. Each event is made
     * once, and with a receiver that answers every attempt at once, each is delivered exactly once, by one attempt.
     */
    @Test
    void twoProcessesSendingAtOnceDeliverEachNotificationExactlyOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = settings(run);
        Path log = Files.createTempFile("tollgate-notify-two-it-", ".log");
        long started = System.nanoTime();
        try (WebhookReceiver receiver = receiver();
                AppProcess a = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
                AppProcess b = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            String channel = channel(a, receiver.url("/two-" + run), run);
            String testRule = testRule(b, channel, run);
            Thresholds thresholds = thresholdSetUp(a, b, channel, run);

            List<String> created = new ArrayList<>();
            // Four clients, through both processes: each wakes its own sender, and both poll for the rest.
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> made = new ArrayList<>();
                for (int i = 0; i < SHARED_EVENTS; i++) {
                    AppProcess through = i % 2 == 0 ? a : b;
                    made.add(clients.submit(() -> testEvent(through, testRule)));
                }
                for (Future<String> event : made) {
                    created.add(event.get());
                }
            } finally {
                clients.shutdownNow();
            }
            List<String> thresholdEvents = crossThresholds(thresholds, receiver, a, b);
            created.addAll(thresholdEvents);

            await().atMost(DELIVERED).pollInterval(Duration.ofMillis(250))
                    .until(() -> receiver.distinctDeliveredIds().containsAll(created));
            awaitAllSucceeded(a, created).forEach((id, event) -> assertThat(event.at("/deliveryStatus/0/attempts")
                    .size()).as("attempts recorded for %s", id).isEqualTo(1));
            // Every delivery is SUCCESS, so no process claims one again; a second send would have had to start
            // before that and would have been answered within a request timeout: wait that long for one to show.
            Thread.sleep(REQUEST_TIMEOUT.toMillis());

            List<WebhookReceiver.Received> all = receiver.all();
            assertThat(all).allSatisfy(request -> assertThat(request.signatureValid()).as(request.toString())
                    .isTrue());
            Map<String, List<WebhookReceiver.Received>> byId = byId(all);
            assertThat(byId.keySet()).as("webhook-ids received").containsExactlyInAnyOrderElementsOf(created);
            assertThat(byId.entrySet().stream().filter(e -> e.getValue().size() != 1).map(e -> e.getKey() + " "
                    + e.getValue()).toList()).as("webhook-ids not received exactly once").isEmpty();
            assertThat(eventCount(a, testRule)).as("test events, each made once").isEqualTo(SHARED_EVENTS);
            assertThat(eventCount(b, thresholds.rule())).as("threshold events, each made once").isEqualTo(3);

            long sentByA = deliveredAttempts(a);
            long sentByB = deliveredAttempts(b);
            assertThat(sentByA + sentByB).as("delivered attempts of both senders").isEqualTo(created.size());
            assertThat(sentByA).as("delivered by A").isPositive();
            assertThat(sentByB).as("delivered by B").isPositive();
            System.out.printf("NotificationDeliveryIT two processes: %d events (%d of thresholds), %d requests,"
                    + " delivered by A %d and by B %d, %.1f s%n", created.size(), thresholdEvents.size(), all.size(),
                    sentByA, sentByB, (System.nanoTime() - started) / 1e9);
        }
    }

    /** A meter, its feature, a customer with a metered entitlement (a grant of 100 a month) and a usage rule. */
    record Thresholds(String rule, String meter, String subject) {
    }

    /**
     * Sets up a threshold rule at usage 5, 10 and 15 and the entitlement it watches, and waits until both processes
     * know them: the access check answers in each, and the rules the watchers match are read again.
     */
    static Thresholds thresholdSetUp(AppProcess a, AppProcess b, String channel, String run)
            throws Exception {
        String meter = "it_notify_" + run;
        String subject = "it-notify-" + run;
        send(a, "POST", "/api/v1/meters", Map.of("slug", meter, "aggregation", "COUNT", "eventType", meter), 201);
        send(a, "POST", "/api/v1/features", Map.of("key", meter, "name", "Notify IT", "meterSlug", meter), 201);
        String rule = send(b, "POST", "/api/v1/notification/rules", Map.of("type", "entitlements.balance.threshold",
                "name", "Usage IT " + run, "channels", List.of(channel), "features", List.of(meter), "thresholds",
                List.of(usage(5), usage(10), usage(15))), 201).path("id").asText();
        String customer = send(a, "POST", "/api/v1/customers", Map.of("key", subject, "name", "Notify IT",
                "usageAttribution", Map.of("subjectKeys", List.of(subject))), 201).path("id").asText();
        send(b, "POST", "/api/v2/customers/" + customer + "/entitlements", Map.of("type", "metered", "featureKey",
                meter, "issue", Map.of("amount", 100), "usagePeriod", Map.of("interval", "MONTH")), 201);
        for (AppProcess app : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> app.get("/api/v1/access/check?subject=" + subject + "&feature=" + meter) == 200);
        }
        // The watchers read the rules every second (rule-refresh-every) and nothing shows when they have: a
        // balance that moves before then is not matched against the new rule, and would fire nothing.
        Thread.sleep(2_500);
        return new Thresholds(rule, meter, subject);
    }

    private static Map<String, Object> usage(int value) {
        return Map.of("type", "usage_value", "value", value);
    }

    /**
     * Usage of 6, 11 and 16 in three steps, through the processes in turn, each step awaited at the receiver:
     * thresholds 5, 10 and 15, one event each.
     *
     * @return the threshold events' ids
     */
    static List<String> crossThresholds(Thresholds setup, WebhookReceiver receiver, AppProcess a,
            AppProcess b) throws Exception {
        int[] steps = {6, 5, 5};
        int[] crossed = {5, 10, 15};
        List<String> ids = new ArrayList<>();
        for (int step = 0; step < steps.length; step++) {
            AppProcess through = step % 2 == 0 ? a : b;
            Instant now = through.now();
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < steps[step]; i++) {
                batch.add(Map.of("specversion", "1.0", "id", UUID.randomUUID().toString(), "source", "notify-it",
                        "type", setup.meter(), "subject", setup.subject(), "time", now.toString(), "data", Map.of()));
            }
            send(through, "POST", "/api/v1/events", batch, 204);
            BigDecimal value = BigDecimal.valueOf(crossed[step]);
            List<WebhookReceiver.Received> fired = receiver.awaitDelivered(request -> "entitlements.balance.threshold"
                    .equals(request.type()) && value.compareTo(request.json().at("/data/threshold/value")
                    .decimalValue()) == 0, 1, DELIVERED);
            ids.add(fired.get(0).webhookId());
        }
        return ids;
    }

    static Map<String, String> settings(String run) {
        Map<String, String> settings = new HashMap<>();
        settings.put("tollgate.ingest.topic", "it-notify-" + run);
        settings.put("tollgate.aggregator.group-id", "it-notify-" + run);
        settings.put("tollgate.aggregator.flush-interval", "100ms");
        settings.put("tollgate.aggregator.meter-refresh-interval", "1s");
        settings.put("mp.messaging.incoming.events-in.session.timeout.ms", "6000");
        settings.put("mp.messaging.incoming.events-in.heartbeat.interval.ms", "2000");
        settings.put("tollgate.secrets.master-key", AppProcess.MASTER_KEY);
        // The receiver listens on 127.0.0.1, which production refuses as a target.
        settings.put("tollgate.notifications.webhook.allow-private-targets", "true");
        // Retries within seconds, and a lease of 3 + 1 + 2 = 6 s: a dead process's claims are free again quickly.
        settings.put("tollgate.notifications.webhook.retry-delays", "0s,1s,2s,2s,2s,2s");
        settings.put("tollgate.notifications.webhook.request-timeout", REQUEST_TIMEOUT.toSeconds() + "s");
        settings.put("tollgate.notifications.webhook.connect-timeout", "1s");
        settings.put("tollgate.notifications.outbox.lease-margin", "2s");
        settings.put("tollgate.notifications.outbox.rule-refresh-every", "1s");
        return settings;
    }

    /** Checks timestamps against the processes' clock, which a run at another date shifts. */
    static WebhookReceiver receiver() {
        Duration offset = clockOffset();
        return new WebhookReceiver(() -> Clock.offset(Clock.systemUTC(), offset)).secret(SIGNING_SECRET).start();
    }

    /** How far the processes' clocks are from the machine's (AppProcess passes it on). */
    private static Duration clockOffset() {
        return Duration.parse(System.getProperty("tollgate.clock.offset", "PT0S"));
    }

    static String channel(AppProcess app, String url, String run) throws IOException, InterruptedException {
        return send(app, "POST", "/api/v1/notification/channels", Map.of("type", "WEBHOOK", "name", "Receiver " + run,
                "url", url, "signingSecret", SIGNING_SECRET), 201).path("id").asText();
    }

    /** A rule only its tests fire: no invoice is made in these tests. */
    private static String testRule(AppProcess app, String channel, String run)
            throws IOException, InterruptedException {
        return send(app, "POST", "/api/v1/notification/rules", Map.of("type", "invoice.created", "name",
                "Delivery IT " + run, "channels", List.of(channel)), 201).path("id").asText();
    }

    /** A real event of the rule, with sample data, in the outbox for the rule's channel. */
    private static String testEvent(AppProcess app, String rule) throws IOException, InterruptedException {
        return send(app, "POST", "/api/v1/notification/rules/" + rule + "/test", null, 201).path("id").asText();
    }

    /**
     * Waits until every event's one delivery is SUCCESS in the outbox (the receiver records a request before it
     * answers, so the outbox may lag it a little), its newest attempt a 204.
     */
    private static Map<String, JsonNode> awaitAllSucceeded(AppProcess app, List<String> ids) {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String id : ids) {
                JsonNode event = send(app, "GET", "/api/v1/notification/events/" + id, null, 200);
                assertThat(event.path("deliveryStatus").size()).as("deliveries of %s", id).isEqualTo(1);
                assertThat(event.at("/deliveryStatus/0/state").asText()).as("delivery of %s: %s", id,
                        event.at("/deliveryStatus/0/reason").asText()).isEqualTo("SUCCESS");
                assertThat(event.at("/deliveryStatus/0/attempts/0/state").asText()).isEqualTo("SUCCESS");
                assertThat(event.at("/deliveryStatus/0/attempts/0/response/statusCode").asInt()).isEqualTo(204);
                events.put(id, event);
            }
        });
        return events;
    }

    static long eventCount(AppProcess app, String rule) throws IOException, InterruptedException {
        return send(app, "GET", "/api/v1/notification/events?rule=" + rule + "&pageSize=1", null, 200)
                .path("totalCount").asLong();
    }

    /** Attempts this process's sender saw delivered, from its metrics. */
    private static long deliveredAttempts(AppProcess app) throws IOException, InterruptedException {
        return Math.round(app.managementBody("/q/metrics").lines()
                .filter(line -> line.startsWith("tollgate_notifications_attempts_total{")
                        && line.contains("outcome=\"delivered\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
    }

    static Map<String, List<WebhookReceiver.Received>> byId(List<WebhookReceiver.Received> requests) {
        return requests.stream().collect(Collectors.groupingBy(WebhookReceiver.Received::webhookId,
                LinkedHashMap::new, Collectors.toList()));
    }
}
