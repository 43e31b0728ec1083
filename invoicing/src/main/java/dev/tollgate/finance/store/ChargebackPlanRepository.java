package dev.tollgate.finance.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Chargeback plans. */
@ApplicationScoped
public class ChargebackPlanRepository implements PanacheRepositoryBase<ChargebackPlanEntity, String> {

    public Optional<ChargebackPlanEntity> findIn(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    public List<ChargebackPlanEntity> page(String namespace, boolean includeDeleted, int page, int pageSize) {
        return find(where(includeDeleted) + " order by createdAt desc, id desc", namespace)
                .page(Page.of(page - 1, pageSize)).list();
    }

    public long countIn(String namespace, boolean includeDeleted) {
        return count(where(includeDeleted), namespace);
    }

    private static String where(boolean includeDeleted) {
        return "namespace = ?1" + (includeDeleted ? "" : " and deletedAt is null");
    }
}
