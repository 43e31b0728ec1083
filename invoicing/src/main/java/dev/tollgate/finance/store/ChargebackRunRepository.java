package dev.tollgate.finance.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Chargeback runs, their department lines and journal lines. */
@ApplicationScoped
public class ChargebackRunRepository implements PanacheRepositoryBase<ChargebackRunEntity, String> {

    public Optional<ChargebackRunEntity> findIn(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    public Optional<ChargebackRunEntity> findOf(String namespace, String planId, Instant start, Instant end) {
        return find("namespace = ?1 and planId = ?2 and periodStart = ?3 and periodEnd = ?4", namespace, planId,
                start, end).firstResultOptional();
    }

    /**
     * Inserts the run unless one of the same plan and period exists (whoever inserted it: a retry, another instance);
     * answers whether this call inserted it. The unique constraint decides, not a check before the insert.
     */
    public boolean insertIfAbsent(ChargebackRunEntity run) {
        int inserted = getEntityManager().createNativeQuery("INSERT INTO chargeback_runs (id, namespace, plan_id,"
                + " period_start, period_end, plan, currency, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                + " CAST(?6 AS jsonb), ?7, ?8, ?9) ON CONFLICT ON CONSTRAINT chargeback_runs_once DO NOTHING")
                .setParameter(1, run.id).setParameter(2, run.namespace).setParameter(3, run.planId)
                .setParameter(4, run.periodStart).setParameter(5, run.periodEnd).setParameter(6, run.plan)
                .setParameter(7, run.currency).setParameter(8, run.status).setParameter(9, run.createdAt)
                .executeUpdate();
        return inserted == 1;
    }

    public List<ChargebackRunEntity> page(String namespace, String planId, int page, int pageSize) {
        return find("namespace = ?1 and (?2 is null or planId = ?2) order by createdAt desc, id desc", namespace,
                planId).page(Page.of(page - 1, pageSize)).list();
    }

    public long countIn(String namespace, String planId) {
        return count("namespace = ?1 and (?2 is null or planId = ?2)", namespace, planId);
    }

    public List<ChargebackRunLineEntity> lines(String runId) {
        return getEntityManager().createQuery("from ChargebackRunLineEntity where runId = ?1 order by position",
                ChargebackRunLineEntity.class).setParameter(1, runId).getResultList();
    }

    public List<ChargebackJournalLineEntity> journal(String runId) {
        return getEntityManager().createQuery("from ChargebackJournalLineEntity where runId = ?1 order by position",
                ChargebackJournalLineEntity.class).setParameter(1, runId).getResultList();
    }

    public void persistLine(Object line) {
        getEntityManager().persist(line);
    }

    public void setInvoice(String lineId, String invoiceId) {
        getEntityManager().createQuery("update ChargebackRunLineEntity set invoiceId = ?2 where id = ?1")
                .setParameter(1, lineId).setParameter(2, invoiceId).executeUpdate();
    }
}
