package dev.tollgate.invoicing.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Progress rows of long runs. */
@ApplicationScoped
public class ProgressRepository implements PanacheRepositoryBase<ProgressEntity, String> {
}
