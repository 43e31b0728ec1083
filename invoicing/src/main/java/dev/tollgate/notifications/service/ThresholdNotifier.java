package dev.tollgate.notifications.service;

import dev.tollgate.entitlements.api.EntitlementFacts;
import dev.tollgate.entitlements.api.LiveBalance;
import dev.tollgate.notifications.domain.EventTypes;
import dev.tollgate.notifications.domain.Thresholds;
import dev.tollgate.notifications.store.MarkRepository;
import dev.tollgate.notifications.store.RuleEntity;
import dev.tollgate.notifications.store.RuleRepository;
import dev.tollgate.shared.postgres.TransactionLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, exactly, whether an entitlement's balance crossed a rule's thresholds, and if so writes the notification
 * and its deliveries in the same transaction as the mark that it was sent. A transaction lock per rule, entitlement and
 * period makes "read what was sent, then mark" safe across processes; the marks' unique key is the last word.
 */
@ApplicationScoped
public class ThresholdNotifier {

    private final EntitlementFacts facts;
    private final RuleRepository rules;
    private final MarkRepository marks;
    private final Outbox outbox;
    private final EntityManager em;
    private final Clock clock;

    ThresholdNotifier(EntitlementFacts facts, RuleRepository rules, MarkRepository marks, Outbox outbox,
            EntityManager em, Clock clock) {
        this.facts = facts;
        this.rules = rules;
        this.marks = marks;
        this.outbox = outbox;
        this.em = em;
        this.clock = clock;
    }

    /**
     * @param ruleIds the rules the in-memory look found maybe crossed
     * @return the thresholds sent, per rule id
     */
    @Transactional
    public Map<String, List<Thresholds.Threshold>> evaluate(LiveBalance live, List<String> ruleIds) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, List<Thresholds.Threshold>> sent = new LinkedHashMap<>();
        Optional<EntitlementFacts.ExactBalance> exact = facts.exact(live.namespace(), live.entitlementId(), now);
        if (exact.isEmpty()) {
            return sent;
        }
        EntitlementFacts.ExactBalance balance = exact.get();
        Thresholds.Figures figures = new Thresholds.Figures(balance.usage(), balance.balance(),
                balance.totalAvailableGrantAmount());
        for (String ruleId : ruleIds) {
            Optional<RuleEntity> rule = rules.findIn(live.namespace(), ruleId).filter(RuleEntity::active);
            if (rule.isPresent()) {
                List<Thresholds.Threshold> fired = evaluate(rule.get(), live, balance, figures, now);
                if (!fired.isEmpty()) {
                    sent.put(ruleId, fired);
                }
            }
        }
        return sent;
    }

    private List<Thresholds.Threshold> evaluate(RuleEntity rule, LiveBalance live,
            EntitlementFacts.ExactBalance balance, Thresholds.Figures figures, Instant now) {
        TransactionLock.acquire(em, "notification-threshold/" + rule.id + "/" + live.entitlementId() + "/"
                + balance.periodFrom());
        List<Thresholds.Threshold> already = new ArrayList<>();
        marks.sent(rule.id, live.entitlementId(), balance.periodFrom()).forEach(m -> already.add(
                new Thresholds.Threshold(m.thresholdType(), m.thresholdValue())));
        List<Thresholds.Threshold> fire = Thresholds.toFire(thresholdsOf(rule, live), figures, already);
        for (Thresholds.Threshold threshold : fire) {
            Map<String, Object> data = new LinkedHashMap<>(balance.documents().data());
            data.put("threshold", Map.of("value", threshold.value(), "type", threshold.type()));
            String eventId = outbox.record(rule, EventTypes.BALANCE_THRESHOLD, data,
                    new LinkedHashMap<>(balance.documents().annotations()), now);
            if (!marks.markThreshold(rule.id, live.entitlementId(), balance.periodFrom(), new MarkRepository
                    .ThresholdMark(threshold.kind(), threshold.type(), threshold.value()), eventId, now)) {
                throw new IllegalStateException("threshold " + threshold + " of rule " + rule.id + " was marked"
                        + " sent under the lock by someone else");
            }
        }
        return fire;
    }

    /** The rule's thresholds, and the plan's for an entitlement made from a plan when the rule takes them. */
    static List<Thresholds.Threshold> thresholdsOf(RuleEntity rule, LiveBalance live) {
        List<Thresholds.Threshold> all = new ArrayList<>();
        rule.thresholds.forEach(t -> all.add(new Thresholds.Threshold(t.type(), t.value())));
        if ("true".equals(rule.metadata == null ? null : rule.metadata.get(EventTypes.PLAN_THRESHOLDS))) {
            live.planThresholds().forEach(t -> all.add(new Thresholds.Threshold(t.type(), t.value())));
        }
        return all;
    }
}
