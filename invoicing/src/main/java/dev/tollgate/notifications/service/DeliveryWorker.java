package dev.tollgate.notifications.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.notifications.store.DeliveryRepository;
import dev.tollgate.notifications.webhook.RetrySchedule;
import dev.tollgate.notifications.webhook.WebhookClient;
import dev.tollgate.notifications.webhook.WebhookConfig;
import dev.tollgate.notifications.webhook.WebhookRequest;
import dev.tollgate.notifications.webhook.WebhookResult;
import dev.tollgate.shared.roles.Role;
import dev.tollgate.shared.roles.Roles;
import dev.tollgate.shared.secrets.SecretBox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's deliveries: claims due ones under row locks (several processes share the work), signs each per
 * Standard Webhooks with the event id as {@code webhook-id}, and records the outcome. A failed attempt is tried again
 * on the retry schedule, with jitter, until the last one makes it {@code FAILED}. A process killed mid-send leaves
 * its claims leased: when the lease runs out another sender (or this one, restarted) sends them again, with the same
 * {@code webhook-id}; delivery is at least once.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final Roles roles;
    private final DeliveryRepository deliveries;
    private final WebhookClient client;
    private final RetrySchedule retries;
    private final WebhookConfig webhook;
    private final NotificationConfig config;
    private final SecretBox secrets;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread claimer;
    private ExecutorService senders;
    private Semaphore freeSenders;

    DeliveryWorker(DeliveryRepository deliveries, WebhookClient client, RetrySchedule retries, WebhookConfig webhook,
            NotificationConfig config, SecretBox secrets, ObjectMapper mapper, Clock clock, MeterRegistry registry,
            Roles roles) {
        this.roles = roles;
        this.deliveries = deliveries;
        this.client = client;
        this.retries = retries;
        this.webhook = webhook;
        this.config = config;
        this.secrets = secrets;
        this.mapper = mapper;
        this.clock = clock;
        this.registry = registry;
    }

    /** The context a channel's signing secret is sealed under: a sealed value copied to another row opens nowhere. */
    public static String secretContext(String channelId) {
        return "notification-channel/" + channelId + "/signing-secret";
    }

    void start(@Observes StartupEvent started) {
        if (!config.send() || !roles.runs(Role.WORKER)) {
            return;
        }
        running = true;
        freeSenders = new Semaphore(config.senders());
        senders = Executors.newFixedThreadPool(config.senders(), runnable -> {
            Thread thread = new Thread(runnable, "notification-sender");
            thread.setDaemon(true);
            return thread;
        });
        claimer = new Thread(this::claimLoop, "notification-claimer");
        claimer.setDaemon(true);
        claimer.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (claimer != null) {
            claimer.interrupt();
            senders.shutdownNow();
        }
    }

    /** Looks for due deliveries now rather than at the next poll. */
    public void wake() {
        wakeUp.release();
    }

    private void claimLoop() {
        while (running) {
            try {
                wakeUp.tryAcquire(config.pollEvery().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                int claimed;
                do {
                    claimed = claimAndSend();
                } while (claimed > 0 && running);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("claiming notification deliveries failed; trying again", e);
            }
        }
    }

    /** Claims as many due deliveries as there are free senders and hands each to one. */
    private int claimAndSend() throws InterruptedException {
        freeSenders.acquire();
        int free = 1 + freeSenders.drainPermits();
        List<DeliveryRepository.Claimed> claimed;
        try {
            Instant now = clock.instant();
            Instant lease = now.plus(webhook.requestTimeout()).plus(webhook.connectTimeout())
                    .plus(config.leaseMargin());
            claimed = QuarkusTransaction.requiringNew().call(() -> deliveries.claimDue(now, lease, free));
        } catch (RuntimeException e) {
            freeSenders.release(free);
            throw e;
        }
        freeSenders.release(free - claimed.size());
        for (DeliveryRepository.Claimed delivery : claimed) {
            senders.execute(() -> {
                try {
                    send(delivery);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "sending notification %s to channel %s failed; its lease makes it due again",
                            delivery.eventId(), delivery.channelId());
                } finally {
                    freeSenders.release();
                }
            });
        }
        return claimed.size();
    }

    void send(DeliveryRepository.Claimed delivery) {
        if (!delivery.channelActive()) {
            finish(delivery, null, DeliveryRepository.FAILED,
                    "system error: channel is disabled. retry will NOT be attempted", null);
            return;
        }
        String secret;
        try {
            secret = secrets.open(delivery.signingSecretSealed(), secretContext(delivery.channelId()));
        } catch (IllegalStateException e) {
            // A master key taken out of the configuration: no attempt can succeed until it is back, so say so once.
            finish(delivery, null, DeliveryRepository.FAILED, "system error: the channel's signing secret cannot be"
                    + " opened (" + e.getMessage() + "). retry will NOT be attempted", null);
            return;
        }
        Instant now = clock.instant();
        WebhookRequest request = WebhookRequest.signed(delivery.url(), headers(delivery.customHeaders()), secret,
                delivery.eventId(), now.getEpochSecond(), delivery.payload().getBytes(StandardCharsets.UTF_8));
        WebhookResult result = client.send(request);
        registry.counter("tollgate.notifications.attempts", "outcome", result.delivered() ? "delivered"
                : "failed").increment();
        if (result.delivered()) {
            registry.timer("tollgate.notifications.delivery.delay").record(Duration.between(
                    delivery.eventCreatedAt(), clock.instant()));
            finish(delivery, result, DeliveryRepository.SUCCESS, "", null);
            return;
        }
        String why = result.error() != null ? result.error() : "the receiver answered HTTP " + result.status();
        Optional<Duration> next = retries.delayAfter(delivery.attempt());
        if (next.isPresent()) {
            finish(delivery, result, DeliveryRepository.PENDING, "attempt " + delivery.attempt() + " failed: " + why
                    + "; retry will be attempted", clock.instant().plus(next.get()));
        } else {
            finish(delivery, result, DeliveryRepository.FAILED, "user error: " + delivery.attempt()
                    + " attempts failed, the last: " + why + ". retry will NOT be attempted", null);
        }
    }

    private void finish(DeliveryRepository.Claimed delivery, WebhookResult result, String state, String reason,
            Instant next) {
        Instant now = clock.instant();
        DeliveryRepository.AttemptRow attempt = new DeliveryRepository.AttemptRow(delivery.eventId(),
                delivery.channelId(), delivery.attempt(), result != null && result.delivered()
                        ? DeliveryRepository.SUCCESS : DeliveryRepository.FAILED,
                result == null ? null : result.status(), result == null ? reason
                        : result.responseSnippet() != null ? result.responseSnippet()
                        : result.error() != null ? result.error() : "",
                result == null ? 0 : result.took().toMillis(), delivery.url(), now);
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> deliveries.finish(attempt, state, reason,
                next));
        if (!recorded) {
            LOG.infof("notification %s to channel %s: attempt %d was overtaken (its lease ran out)",
                    delivery.eventId(), delivery.channelId(), delivery.attempt());
        }
    }

    private Map<String, String> headers(String json) {
        try {
            return json == null ? Map.of() : mapper.readValue(json, HEADERS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a channel's custom headers are not a JSON object", e);
        }
    }
}
