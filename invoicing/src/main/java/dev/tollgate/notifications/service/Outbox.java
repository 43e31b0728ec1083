package dev.tollgate.notifications.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.notifications.store.ChannelRepository;
import dev.tollgate.notifications.store.ChannelEntity;
import dev.tollgate.notifications.store.DeliveryRepository;
import dev.tollgate.notifications.store.EventRepository;
import dev.tollgate.notifications.store.RuleEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transactional outbox: a notification event and one pending delivery per active channel of its rule, written in
 * the caller's transaction, the one that decides to send. The sender is woken when that transaction commits.
 */
@ApplicationScoped
public class Outbox {

    private final EventRepository events;
    private final DeliveryRepository deliveries;
    private final ChannelRepository channels;
    private final ObjectMapper mapper;
    private final TransactionSynchronizationRegistry transactions;
    private final DeliveryWorker worker;

    Outbox(EventRepository events, DeliveryRepository deliveries, ChannelRepository channels, ObjectMapper mapper,
            TransactionSynchronizationRegistry transactions, DeliveryWorker worker) {
        this.events = events;
        this.deliveries = deliveries;
        this.channels = channels;
        this.mapper = mapper;
        this.transactions = transactions;
        this.worker = worker;
    }

    /**
     * Writes the event {@code {id, type, timestamp, data}} for the rule.
     *
     * @return the event's id, which is also every delivery's {@code webhook-id}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String record(RuleEntity rule, String type, Object data, Map<String, ?> annotations, Instant now) {
        String id = UlidCreator.getMonotonicUlid().toString();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", id);
        payload.put("type", type);
        payload.put("timestamp", now);
        payload.put("data", data);
        events.insert(new EventRepository.EventRow(id, rule.namespace, type, rule.id, json(payload),
                json(annotations), now));
        Map<String, ChannelEntity> byId = channels.byIds(rule.namespace, rule.channels);
        List<String> active = rule.channels.stream().filter(c -> byId.containsKey(c) && byId.get(c).active())
                .toList();
        deliveries.insertPending(id, active, now);
        if (!active.isEmpty()) {
            wakeSenderAfterCommit();
        }
        return id;
    }

    private void wakeSenderAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    worker.wake();
                }
            }
        });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification payload", e);
        }
    }
}
