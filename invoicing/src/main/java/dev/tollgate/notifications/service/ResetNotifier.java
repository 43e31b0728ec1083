package dev.tollgate.notifications.service;

import dev.tollgate.entitlements.api.EntitlementFacts;
import dev.tollgate.entitlements.api.EntitlementReset;
import dev.tollgate.notifications.domain.EventTypes;
import dev.tollgate.notifications.store.MarkRepository;
import dev.tollgate.notifications.store.RuleEntity;
import dev.tollgate.notifications.store.RuleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * {@code entitlements.reset}: written in the reset's own transaction (the reset and its notification commit together
 * or not at all), once per rule, entitlement and reset.
 */
@ApplicationScoped
public class ResetNotifier {

    private final RuleRepository rules;
    private final MarkRepository marks;
    private final EntitlementFacts facts;
    private final Outbox outbox;
    private final Clock clock;

    ResetNotifier(RuleRepository rules, MarkRepository marks, EntitlementFacts facts, Outbox outbox, Clock clock) {
        this.rules = rules;
        this.marks = marks;
        this.facts = facts;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void onReset(@Observes EntitlementReset reset) {
        List<RuleEntity> active = rules.active(reset.namespace(), EventTypes.ENTITLEMENT_RESET);
        if (active.isEmpty()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<EntitlementFacts.Documents> documents = facts.documents(reset.namespace(), reset.entitlementId(),
                now);
        if (documents.isEmpty()) {
            return;
        }
        String featureKey = documents.get().annotations().get("event.feature.key");
        String featureId = documents.get().annotations().get("event.feature.id");
        for (RuleEntity rule : active) {
            if (rule.features.isEmpty() || rule.features.contains(featureKey) || rule.features.contains(featureId)) {
                String eventId = outbox.record(rule, EventTypes.ENTITLEMENT_RESET, documents.get().data(),
                        documents.get().annotations(), now);
                if (!marks.markReset(rule.id, reset.entitlementId(), reset.resetAt(), eventId)) {
                    throw new IllegalStateException("reset " + reset + " was notified twice for rule " + rule.id);
                }
            }
        }
    }
}
