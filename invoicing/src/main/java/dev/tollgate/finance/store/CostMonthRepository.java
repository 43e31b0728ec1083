package dev.tollgate.finance.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The cost rollup's months and rows (V2026_12_06_02): plain SQL, as the rows are many and never edited one by one. */
@ApplicationScoped
public class CostMonthRepository {

    /** A month of the rollup; {@code computedAt} null until the refresher first computed it. */
    /**
     * @param dirty usage was written into the month after it was computed; {@code lastWriteAt} the latest such write
     */
    public record Month(String namespace, LocalDate month, Instant computedAt, Instant usageSeenFrom,
            String inputsDigest, String warnings, boolean dirty, Instant lastWriteAt) {
    }

    /** One stored row: customer '' for usage that was no customer's. */
    public record Row(String customerId, String featureKey, String currency, BigDecimal usage, BigDecimal cost) {
    }

    private static final int BATCH = 1000;

    private final EntityManager em;

    CostMonthRepository(EntityManager em) {
        this.em = em;
    }

    /** Marks the months as read by a report, so that the refresher keeps them; known months stay as they are. */
    public void request(String namespace, Collection<LocalDate> months, Instant now) {
        for (LocalDate month : months) {
            em.createNativeQuery("INSERT INTO finance_cost_months (namespace, month, requested_at) VALUES (?1, ?2, ?3)"
                    + " ON CONFLICT (namespace, month) DO NOTHING").setParameter(1, namespace)
                    .setParameter(2, month).setParameter(3, now).executeUpdate();
        }
    }

    public Map<LocalDate, Month> months(String namespace, Collection<LocalDate> months) {
        Map<LocalDate, Month> found = new HashMap<>();
        if (months.isEmpty()) {
            return found;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT namespace, month, computed_at, usage_seen_from,"
                + " inputs_digest, CAST(warnings AS text), dirty, last_write_at FROM finance_cost_months"
                + " WHERE namespace = ?1"
                + " AND month IN (?2)").setParameter(1, namespace).setParameter(2, List.copyOf(months))
                .getResultList();
        for (Object[] r : rows) {
            Month m = month(r);
            found.put(m.month(), m);
        }
        return found;
    }

    /** Every month reports asked for that has started by {@code now}, oldest first. */
    public List<Month> startedMonths(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT namespace, month, computed_at, usage_seen_from,"
                + " inputs_digest, CAST(warnings AS text), dirty, last_write_at FROM finance_cost_months"
                + " WHERE month <= CAST(?1 AS date)"
                + " ORDER BY namespace, month").setParameter(1, now.atOffset(java.time.ZoneOffset.UTC).toLocalDate())
                .getResultList();
        List<Month> months = new ArrayList<>();
        rows.forEach(r -> months.add(month(r)));
        return months;
    }

    public List<Row> rows(String namespace, LocalDate month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT customer_id, feature_key, currency, usage, cost"
                + " FROM finance_cost_month_rows WHERE namespace = ?1 AND month = ?2").setParameter(1, namespace)
                .setParameter(2, month).getResultList();
        List<Row> found = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            found.add(new Row((String) r[0], (String) r[1], (String) r[2], (BigDecimal) r[3], (BigDecimal) r[4]));
        }
        return found;
    }

    /**
     * Replaces the month's rows, unless a computation that saw more usage already stored it (another instance, or an
     * earlier refresh that finished later): then nothing is written and the answer is false.
     */
    public boolean store(String namespace, LocalDate month, Instant computedAt, Instant usageSeenFrom, String digest,
            String warningsJson, List<Row> rows) {
        int updated = em.createNativeQuery("UPDATE finance_cost_months SET computed_at = ?3, usage_seen_from = ?4,"
                + " inputs_digest = ?5, warnings = CAST(?6 AS jsonb), dirty = false, last_write_at = NULL"
                + " WHERE namespace = ?1 AND month = ?2"
                + " AND (usage_seen_from IS NULL OR usage_seen_from <= ?4)").setParameter(1, namespace)
                .setParameter(2, month).setParameter(3, computedAt).setParameter(4, usageSeenFrom)
                .setParameter(5, digest).setParameter(6, warningsJson).executeUpdate();
        if (updated == 0) {
            return false;
        }
        em.createNativeQuery("DELETE FROM finance_cost_month_rows WHERE namespace = ?1 AND month = ?2")
                .setParameter(1, namespace).setParameter(2, month).executeUpdate();
        // Tens of thousands of rows a month: one JDBC batch in the same transaction, not a statement each.
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO finance_cost_month_rows"
                    + " (namespace, month, customer_id, feature_key, currency, usage, cost)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (Row row : rows) {
                    insert.setString(1, namespace);
                    insert.setObject(2, month);
                    insert.setString(3, row.customerId());
                    insert.setString(4, row.featureKey());
                    insert.setString(5, row.currency());
                    insert.setBigDecimal(6, row.usage());
                    insert.setBigDecimal(7, row.cost());
                    insert.addBatch();
                    if (++pending == BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        });
        return true;
    }

    /** Usage was written into the month since it was computed, last at {@code lastWriteAt}. */
    public void markDirty(String namespace, LocalDate month, Instant lastWriteAt) {
        em.createNativeQuery("UPDATE finance_cost_months SET dirty = true, last_write_at = GREATEST(last_write_at, ?3)"
                + " WHERE namespace = ?1 AND month = ?2").setParameter(1, namespace).setParameter(2, month)
                .setParameter(3, lastWriteAt).executeUpdate();
    }

    /**
     * No usage touched the month up to {@code seenFrom}: readers need only look at changes from there. A month
     * computed or marked dirty in the meantime is left as it is.
     */
    public void advanceSeen(String namespace, LocalDate month, Instant previous, Instant seenFrom) {
        em.createNativeQuery("UPDATE finance_cost_months SET usage_seen_from = ?4 WHERE namespace = ?1 AND month = ?2"
                + " AND NOT dirty AND usage_seen_from = ?3 AND ?4 > usage_seen_from").setParameter(1, namespace)
                .setParameter(2, month).setParameter(3, previous).setParameter(4, seenFrom).executeUpdate();
    }

    private static Month month(Object[] r) {
        return new Month((String) r[0], r[1] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[1],
                instant(r[2]), instant(r[3]), (String) r[4], (String) r[5], Boolean.TRUE.equals(r[6]),
                instant(r[7]));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
