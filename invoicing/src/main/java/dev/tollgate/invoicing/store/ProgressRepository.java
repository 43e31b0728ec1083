package dev.tollgate.invoicing.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Progress rows of long runs. */
@ApplicationScoped
public class ProgressRepository implements PanacheRepositoryBase<ProgressEntity, String> {

    /** When the last run of the kind that finished without failures started; empty when none has. */
    public java.util.Optional<java.time.Instant> lastCleanStart(String kind) {
        return getEntityManager().createQuery("select max(startedAt) from ProgressEntity where kind = ?1"
                + " and finishedAt is not null and failed = 0", java.time.Instant.class).setParameter(1, kind)
                .getResultStream().filter(java.util.Objects::nonNull).findFirst();
    }
}
