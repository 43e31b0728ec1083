package dev.tollgate.notifications.service;

import dev.tollgate.invoicing.api.InvoiceEventFeed;
import dev.tollgate.notifications.store.RuleEntity;
import dev.tollgate.notifications.store.RuleRepository;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * {@code invoice.created} and {@code invoice.updated}: invoice status changes (written with the change, whatever made
 * it) are handed on in the transaction that writes their notification events, so each becomes events exactly once.
 */
@ApplicationScoped
public class InvoiceNotifier {

    private static final Logger LOG = Logger.getLogger(InvoiceNotifier.class);
    static final int BATCH = 100;

    private final InvoiceEventFeed feed;
    private final RuleRepository rules;
    private final Outbox outbox;
    private final Clock clock;

    InvoiceNotifier(InvoiceEventFeed feed, RuleRepository rules, Outbox outbox, Clock clock) {
        this.feed = feed;
        this.rules = rules;
        this.outbox = outbox;
        this.clock = clock;
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "notification-invoices", every = "${tollgate.notifications.outbox.invoice-poll-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Roles.NotWorker.class)
    void poll() {
        try {
            int handed;
            do {
                handed = QuarkusTransaction.requiringNew().call(this::handOn);
            } while (handed >= BATCH);
        } catch (RuntimeException e) {
            LOG.warn("turning invoice changes into notifications failed; trying again", e);
        }
    }

    /** Hands on one batch of invoice changes; returns how many events of the feed it took. */
    int handOn() {
        // The batch's rules, read once per namespace and type.
        Map<String, List<RuleEntity>> active = new HashMap<>();
        BiFunction<String, String, List<RuleEntity>> rulesOf = (namespace, type) -> active
                .computeIfAbsent(namespace + '\n' + type, k -> rules.active(namespace, type));
        List<InvoiceEventFeed.InvoiceChange> changes = feed.claim(BATCH,
                (namespace, type) -> !rulesOf.apply(namespace, type).isEmpty());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (InvoiceEventFeed.InvoiceChange change : changes) {
            for (RuleEntity rule : rulesOf.apply(change.namespace(), change.type())) {
                Map<String, Object> annotations = new LinkedHashMap<>();
                annotations.put("event.invoice.id", change.invoiceId());
                if (change.number() != null) {
                    annotations.put("event.invoice.number", change.number());
                }
                outbox.record(rule, change.type(), change.invoice(), annotations, now);
            }
        }
        feed.handedOn(changes, now);
        return changes.stream().mapToInt(c -> c.eventIds().size()).sum();
    }
}
