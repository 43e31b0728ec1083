package dev.tollgate.invoicing.store;

import dev.tollgate.invoicing.domain.InvoiceStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** Invoices, their locks and their numbers. */
@ApplicationScoped
public class InvoiceRepository implements PanacheRepositoryBase<InvoiceEntity, String> {

    public Optional<InvoiceEntity> find(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    public Optional<InvoiceEntity> gathering(String namespace, String customerId, String currency) {
        return find("namespace = ?1 and customerId = ?2 and currency = ?3 and status = ?4 and deletedAt is null",
                namespace, customerId, currency, InvoiceStatus.GATHERING.wireName()).firstResultOptional();
    }

    /** The gathering invoice, locked until the transaction ends; one query. */
    public Optional<InvoiceEntity> lockedGathering(String namespace, String customerId, String currency) {
        return getEntityManager().createQuery("from InvoiceEntity where namespace = ?1 and customerId = ?2"
                + " and currency = ?3 and status = ?4 and deletedAt is null", InvoiceEntity.class)
                .setParameter(1, namespace).setParameter(2, customerId).setParameter(3, currency)
                .setParameter(4, InvoiceStatus.GATHERING.wireName()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /**
     * Locks, in id order, every gathering invoice whose lines a sync of the subscriptions may change: the billed
     * customers', and any other still holding one of the subscriptions' lines. Taken before the sync reads a line,
     * it keeps the sync and a collection of the same gathering invoice apart: otherwise a sync that read a line just
     * before a run moved it onto an invoice writes it back as it read it, into the gathering invoice.
     */
    public void lockGatheringOfSubscriptions(String namespace, Collection<String> billedCustomerIds,
            Collection<String> subscriptionIds) {
        if (billedCustomerIds.isEmpty()) {
            return;
        }
        if (subscriptionIds.isEmpty()) {
            lockedGatheringOf(namespace, billedCustomerIds);
            return;
        }
        // A union, not an OR, so that each half uses its index (an OR scanned every invoice per sync).
        getEntityManager().createNativeQuery("SELECT id FROM invoices WHERE id IN ("
                + "SELECT id FROM invoices WHERE namespace = ?1 AND customer_id IN (?2)"
                + " UNION SELECT invoice_id FROM invoice_lines WHERE subscription_id IN (?3) AND deleted_at IS NULL)"
                + " AND status = 'gathering' AND deleted_at IS NULL ORDER BY id FOR UPDATE")
                .setParameter(1, namespace).setParameter(2, billedCustomerIds).setParameter(3, subscriptionIds)
                .getResultList();
    }

    /** The customers' gathering invoices, in every currency. */
    public List<InvoiceEntity> gatheringOf(String namespace, Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return list("namespace = ?1 and customerId in ?2 and status = ?3 and deletedAt is null", namespace,
                customerIds, InvoiceStatus.GATHERING.wireName());
    }

    /** The invoices among the ids, read into the persistence context in one query. */
    public List<InvoiceEntity> byIds(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    public List<InvoiceEntity> gatheringOf(String namespace, String customerId) {
        return gatheringOf(namespace, List.of(customerId));
    }

    /**
     * Makes each customer's gathering invoice in its currency unless it exists, in one statement: two processes
     * racing to make one both end up with the one the unique index let in.
     */
    public void insertGatheringIfAbsent(List<InvoiceEntity> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        StringBuilder values = new StringBuilder();
        int fields = 9;
        for (int i = 0; i < wanted.size(); i++) {
            int p = i * fields;
            values.append(i == 0 ? "" : ", ").append(String.format("(?%d, ?%d, ?%d, ?%d, 'gathering', ?%d,"
                    + " CAST(?%d AS jsonb), CAST(?%d AS jsonb), CAST(?%d AS jsonb), '{}', '[]', ?%d, ?%d)",
                    p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 8, p + 9, p + 9));
        }
        var insert = getEntityManager().createNativeQuery("INSERT INTO invoices (id, namespace, customer_id,"
                + " currency, status, profile_id, workflow, supplier, customer, metadata, validation_issues,"
                + " created_at, updated_at) VALUES " + values
                + " ON CONFLICT (namespace, customer_id, currency) WHERE status = 'gathering' AND deleted_at IS NULL"
                + " DO NOTHING");
        for (int i = 0; i < wanted.size(); i++) {
            InvoiceEntity e = wanted.get(i);
            int p = i * fields;
            insert.setParameter(p + 1, e.id).setParameter(p + 2, e.namespace).setParameter(p + 3, e.customerId)
                    .setParameter(p + 4, e.currency).setParameter(p + 5, e.profileId).setParameter(p + 6, e.workflow)
                    .setParameter(p + 7, e.supplier).setParameter(p + 8, e.customer)
                    .setParameter(p + 9, e.createdAt);
        }
        insert.executeUpdate();
    }

    /** The customers' gathering invoices, locked in id order until the transaction ends. */
    public List<InvoiceEntity> lockedGatheringOf(String namespace, Collection<String> customerIds) {
        return getEntityManager().createQuery("from InvoiceEntity where namespace = ?1 and customerId in ?2"
                + " and status = ?3 and deletedAt is null order by id", InvoiceEntity.class)
                .setParameter(1, namespace).setParameter(2, customerIds)
                .setParameter(3, InvoiceStatus.GATHERING.wireName()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /** Locks the invoice until the transaction ends. */
    public InvoiceEntity lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Locks the invoice unless another transaction holds it, in which case that one is doing the work. */
    public Optional<InvoiceEntity> tryLock(String id) {
        // SELECT ... FOR UPDATE SKIP LOCKED: no row when another transaction holds it.
        return getEntityManager().createQuery("from InvoiceEntity where id = ?1", InvoiceEntity.class)
                .setParameter(1, id).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", org.hibernate.LockOptions.SKIP_LOCKED)
                .getResultStream().findFirst();
    }

    /**
     * Takes the next {@code count} numbers of the profile's sequence for the year (1, 2, 3, with no gaps) and answers
     * the last of them. The row stays locked until the issuing transaction ends, so the numbers are used exactly when
     * that transaction commits.
     */
    public long takeNumbers(String profileId, Instant issuedAt, int count) {
        int year = issuedAt.atZone(ZoneOffset.UTC).getYear();
        Object last = getEntityManager().createNativeQuery("INSERT INTO invoice_number_sequences"
                + " (profile_id, year, last_number) VALUES (?1, ?2, ?3) ON CONFLICT (profile_id, year)"
                + " DO UPDATE SET last_number = invoice_number_sequences.last_number + ?3 RETURNING last_number")
                .setParameter(1, profileId).setParameter(2, year).setParameter(3, count).getSingleResult();
        return ((Number) last).longValue();
    }

    /** Drafts whose review period is over, oldest first. */
    public List<String> draftsDue(String namespace, Instant now) {
        return getEntityManager().createQuery("select id from InvoiceEntity where status = ?1 and deletedAt is null"
                + " and draftUntil <= ?2 and (?3 is null or namespace = ?3) order by draftUntil", String.class)
                .setParameter(1, InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL.wireName()).setParameter(2, now)
                .setParameter(3, namespace).getResultList();
    }

    /** Invoices waiting for payment whose due date has passed. */
    public List<String> unpaidPastDue(String namespace, Instant now) {
        return getEntityManager().createQuery("select id from InvoiceEntity where status in ?1 and deletedAt is null"
                + " and dueAt <= ?2 and (?3 is null or namespace = ?3) order by dueAt", String.class)
                .setParameter(3, namespace)
                .setParameter(1, List.of(InvoiceStatus.ISSUED.wireName(), InvoiceStatus.PAYMENT_PENDING.wireName(),
                        InvoiceStatus.PAYMENT_FAILED.wireName(), InvoiceStatus.PAYMENT_ACTION_REQUIRED.wireName()))
                .setParameter(2, now).getResultList();
    }

    /** Every gathering invoice of the namespace. */
    public List<InvoiceEntity> gatheringIn(String namespace) {
        return list("namespace = ?1 and status = ?2 and deletedAt is null order by customerId, currency", namespace,
                InvoiceStatus.GATHERING.wireName());
    }

    /**
     * The live lines of the namespace's invoices in the statuses, where the invoice was issued or paid, or the line's
     * period starts, within [from, to): only the columns the revenue reports read, as
     * {@code [invoice id, line id, customer id, usage customer id, currency, status, issued at, paid at, kind,
     * subscription id, feature key, group filters (JSON text), period from, period to, total]}. Each condition is its
     * own indexed read (a disjunction over two tables would scan every line of the namespace); the union removes
     * lines matched twice.
     */
    @SuppressWarnings("unchecked")
    public List<Object[]> standingLines(String namespace, List<String> statuses, Instant from, Instant to) {
        return getEntityManager().createNativeQuery("""
                WITH matched AS (
                    SELECT l.id FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
                     WHERE i.namespace = ?1 AND i.deleted_at IS NULL AND i.issued_at >= ?3 AND i.issued_at < ?4
                    UNION
                    SELECT l.id FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
                     WHERE i.namespace = ?1 AND i.deleted_at IS NULL AND i.paid_at >= ?3 AND i.paid_at < ?4
                    UNION
                    SELECT l.id FROM invoice_lines l
                     WHERE l.namespace = ?1 AND l.deleted_at IS NULL AND l.period_from >= ?3 AND l.period_from < ?4)
                SELECT i.id, l.id, l.customer_id, l.usage_customer_id, l.currency, i.status, i.issued_at, i.paid_at,
                       l.kind, l.subscription_id, l.feature_key, CAST(l.meter_group_by_filters AS text), l.period_from,
                       l.period_to, l.total
                  FROM matched m JOIN invoice_lines l ON l.id = m.id JOIN invoices i ON i.id = l.invoice_id
                 WHERE i.status IN (?2) AND i.deleted_at IS NULL AND l.deleted_at IS NULL
                 ORDER BY i.issued_at, i.id, l.period_from, l.id""")
                .setParameter(1, namespace).setParameter(2, statuses).setParameter(3, from).setParameter(4, to)
                .getResultList();
    }

    /**
     * Rows of (period, currency, label, feature key, total): the lines of invoices in {@code statuses} whose
     * {@code basis} instant ({@code issued_at} or {@code paid_at}) falls in one of the periods, added up. Period i
     * (from 0) is [bounds[i], bounds[i + 1]); {@code width_bucket} finds it exactly, whatever the zone or second the
     * bounds fall on. Labels join as two parallel arrays, so one statement carries thousands of subscriptions.
     */
    public List<Object[]> periodSums(String namespace, List<String> statuses, boolean paid, List<Instant> bounds,
            String currency, Map<String, String> labels) {
        String at = paid ? "i.paid_at" : "i.issued_at";
        String sql = """
                SELECT width_bucket(%1$s, ?) - 1, l.currency, p.label, l.feature_key, COALESCE(SUM(l.total), 0)
                  FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
                  LEFT JOIN unnest(?, ?) AS p(subscription_id, label) ON p.subscription_id = l.subscription_id
                 WHERE i.namespace = ? AND i.deleted_at IS NULL AND %1$s >= ? AND %1$s < ? AND i.status = ANY (?)
                   AND l.deleted_at IS NULL AND (CAST(? AS text) IS NULL OR l.currency = ?)
                 GROUP BY 1, 2, 3, 4""".formatted(at);
        List<String> subscriptions = new ArrayList<>(labels.keySet());
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("timestamptz",
                        bounds.stream().map(Instant::toString).toArray(String[]::new)));
                statement.setArray(2, connection.createArrayOf("text", subscriptions.toArray(String[]::new)));
                statement.setArray(3, connection.createArrayOf("text",
                        subscriptions.stream().map(labels::get).toArray(String[]::new)));
                statement.setString(4, namespace);
                statement.setObject(5, bounds.get(0).atOffset(ZoneOffset.UTC));
                statement.setObject(6, bounds.get(bounds.size() - 1).atOffset(ZoneOffset.UTC));
                statement.setArray(7, connection.createArrayOf("text", statuses.toArray(String[]::new)));
                statement.setString(8, currency);
                statement.setString(9, currency);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(new Object[] {result.getInt(1), result.getString(2), result.getString(3),
                                result.getString(4), result.getBigDecimal(5)});
                    }
                }
                return rows;
            }
        });
    }

    /**
     * Rows of (usage customer, currency, subscription, feature key, feature filters as JSON text, total): the lines
     * of invoices in {@code statuses} whose service period starts in [from, to), added up. One indexed read of the
     * lines by period ({@code invoice_lines_period}), each joined to its invoice for its status.
     */
    @SuppressWarnings("unchecked")
    public List<Object[]> serviceSums(String namespace, List<String> statuses, Instant from, Instant to) {
        return getEntityManager().createNativeQuery("""
                SELECT l.usage_customer_id, l.currency, l.subscription_id, l.feature_key,
                       CAST(l.meter_group_by_filters AS text), COALESCE(SUM(l.total), 0)
                  FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                 WHERE l.namespace = ?1 AND l.deleted_at IS NULL AND l.period_from >= ?3 AND l.period_from < ?4
                   AND i.status IN (?2) AND i.deleted_at IS NULL
                 GROUP BY l.usage_customer_id, l.currency, l.subscription_id, l.feature_key,
                          l.meter_group_by_filters""")
                .setParameter(1, namespace).setParameter(2, statuses).setParameter(3, from).setParameter(4, to)
                .getResultList();
    }
}
