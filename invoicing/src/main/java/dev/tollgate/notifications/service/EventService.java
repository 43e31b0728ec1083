package dev.tollgate.notifications.service;

import dev.tollgate.notifications.store.DeliveryRepository;
import dev.tollgate.notifications.store.EventRepository;
import dev.tollgate.notifications.store.RuleEntity;
import dev.tollgate.notifications.store.RuleRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Notification events as sent: listed, shown with each channel's delivery, sent again, and made up to test a rule. */
@ApplicationScoped
public class EventService {

    /** An event with its rule (as it is now) and its deliveries, each with its attempts newest first. */
    public record EventRecord(EventRepository.EventRow event, RuleEntity rule,
            List<DeliveryRepository.DeliveryRow> deliveries,
            Map<String, List<DeliveryRepository.AttemptRow>> attempts) {
    }

    private final EventRepository events;
    private final DeliveryRepository deliveries;
    private final RuleRepository rules;
    private final Outbox outbox;
    private final DeliveryWorker worker;
    private final Clock clock;

    EventService(EventRepository events, DeliveryRepository deliveries, RuleRepository rules, Outbox outbox,
            DeliveryWorker worker, Clock clock) {
        this.events = events;
        this.deliveries = deliveries;
        this.rules = rules;
        this.outbox = outbox;
        this.worker = worker;
        this.clock = clock;
    }

    @Transactional
    public Paging.Page<EventRecord> list(String namespace, EventRepository.Filter filter, String orderBy,
            boolean descending, Paging paging) {
        List<EventRepository.EventRow> found = events.page(namespace, filter, orderBy, descending, paging.offset(),
                paging.pageSize());
        return new Paging.Page<>(records(found), events.count(namespace, filter));
    }

    @Transactional
    public EventRecord get(String namespace, String id) {
        return records(List.of(find(namespace, id))).get(0);
    }

    /** Sends the event again to the channels named (all its channels when none): OpenMeter's resend. */
    @Transactional
    public void resend(String namespace, String id, List<String> channels) {
        EventRepository.EventRow event = find(namespace, id);
        Set<String> own = deliveries.ofEvents(List.of(event.id())).getOrDefault(event.id(), List.of()).stream()
                .map(DeliveryRepository.DeliveryRow::channelId).collect(Collectors.toSet());
        List<String> asked = channels == null ? List.of() : channels;
        List<String> foreign = asked.stream().filter(c -> !own.contains(c)).toList();
        if (!foreign.isEmpty()) {
            throw ApiException.invalid("channels", "not_found", "names channels the event was not sent to: "
                    + foreign);
        }
        deliveries.resend(event.id(), asked, now());
        worker.wake();
    }

    /** OpenMeter's rule test: a real event of the rule's type, made of sample data, sent to the rule's channels. */
    @Transactional
    public EventRecord test(String namespace, String ruleId) {
        RuleEntity rule = rules.findIn(namespace, ruleId).filter(r -> r.deletedAt == null).orElseThrow(() ->
                ApiException.notFound("no notification rule has id '" + ruleId + "'"));
        if (rule.disabled) {
            throw ApiException.invalid("ruleId", "disabled", "names a disabled rule: enable it to test it");
        }
        Instant now = now();
        String id = outbox.record(rule, rule.type, TestPayloads.of(rule.type, now), Map.of(
                "notification.rule.test", true), now);
        return get(namespace, id);
    }

    private EventRepository.EventRow find(String namespace, String id) {
        return events.find(namespace, id).orElseThrow(() -> ApiException.notFound(
                "no notification event has id '" + id + "'"));
    }

    private List<EventRecord> records(List<EventRepository.EventRow> rows) {
        Collection<String> ids = rows.stream().map(EventRepository.EventRow::id).toList();
        Map<String, List<DeliveryRepository.DeliveryRow>> byEvent = deliveries.ofEvents(ids);
        Map<String, List<DeliveryRepository.AttemptRow>> attempts = deliveries.attemptsOf(ids);
        Map<String, RuleEntity> byRule = new LinkedHashMap<>();
        return rows.stream().map(row -> new EventRecord(row, byRule.computeIfAbsent(row.ruleId(), r ->
                rules.findById(r)), byEvent.getOrDefault(row.id(), List.of()), attempts)).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
