package dev.tollgate.notifications.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Notification events: the payload sent, once, to each of the rule's channels. */
@ApplicationScoped
public class EventRepository {

    public record EventRow(String id, String namespace, String type, String ruleId, String payload,
            String annotations, Instant createdAt) {
    }

    /** The events list's filters; null or empty means any. */
    public record Filter(Instant from, Instant to, Collection<String> features, Collection<String> subjects,
            Collection<String> rules, Collection<String> channels) {
    }

    private final EntityManager em;

    EventRepository(EntityManager em) {
        this.em = em;
    }

    public void insert(EventRow event) {
        em.createNativeQuery("INSERT INTO notification_events (id, namespace, type, rule_id, payload, annotations,"
                + " created_at) VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), CAST(?6 AS jsonb), ?7)")
                .setParameter(1, event.id()).setParameter(2, event.namespace()).setParameter(3, event.type())
                .setParameter(4, event.ruleId()).setParameter(5, event.payload())
                .setParameter(6, event.annotations()).setParameter(7, event.createdAt()).executeUpdate();
    }

    public Optional<EventRow> find(String namespace, String id) {
        List<EventRow> found = rows(em.createNativeQuery(SELECT + " WHERE namespace = ?1 AND id = ?2")
                .setParameter(1, namespace).setParameter(2, id));
        return found.stream().findFirst();
    }

    public List<EventRow> page(String namespace, Filter filter, String orderBy, boolean descending, int offset,
            int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(namespace, filter, params);
        Query query = em.createNativeQuery(SELECT + where + " ORDER BY " + ("id".equals(orderBy) ? "id" : "created_at")
                + (descending ? " DESC" : " ASC") + ", id" + (descending ? " DESC" : "") + " OFFSET " + offset
                + " LIMIT " + limit);
        bind(query, params);
        return rows(query);
    }

    public long count(String namespace, Filter filter) {
        List<Object> params = new ArrayList<>();
        Query query = em.createNativeQuery("SELECT count(*) FROM notification_events" + where(namespace, filter,
                params));
        bind(query, params);
        return ((Number) query.getSingleResult()).longValue();
    }

    private static final String SELECT = "SELECT id, namespace, type, rule_id, CAST(payload AS text),"
            + " CAST(annotations AS text), created_at FROM notification_events";

    private static String where(String namespace, Filter f, List<Object> params) {
        params.add(namespace);
        StringBuilder where = new StringBuilder(" WHERE namespace = ?1");
        if (f.from() != null) {
            params.add(f.from());
            where.append(" AND created_at >= ?").append(params.size());
        }
        if (f.to() != null) {
            params.add(f.to());
            where.append(" AND created_at <= ?").append(params.size());
        }
        anyOf(where, params, f.features(), "annotations ->> 'event.feature.key'", "annotations ->> 'event.feature.id'");
        anyOf(where, params, f.subjects(), "annotations ->> 'event.subject.key'", "annotations ->> 'event.subject.id'");
        anyOf(where, params, f.rules(), "rule_id", null);
        if (f.channels() != null && !f.channels().isEmpty()) {
            params.add(List.copyOf(f.channels()));
            where.append(" AND EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = id AND"
                    + " d.channel_id IN (?").append(params.size()).append("))");
        }
        return where.toString();
    }

    private static void anyOf(StringBuilder where, List<Object> params, Collection<String> values, String column,
            String orColumn) {
        if (values == null || values.isEmpty()) {
            return;
        }
        params.add(List.copyOf(values));
        int at = params.size();
        where.append(" AND (").append(column).append(" IN (?").append(at).append(')');
        if (orColumn != null) {
            where.append(" OR ").append(orColumn).append(" IN (?").append(at).append(')');
        }
        where.append(')');
    }

    private static void bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<EventRow> rows(Query query) {
        List<EventRow> rows = new ArrayList<>();
        for (Object[] r : (List<Object[]>) query.getResultList()) {
            rows.add(new EventRow((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], instant(r[6])));
        }
        return rows;
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
