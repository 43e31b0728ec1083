package dev.tollgate.invoicing.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Installed apps. */
@ApplicationScoped
public class AppRepository implements PanacheRepositoryBase<AppEntity, String> {

    public Optional<AppEntity> findLive(String namespace, String id) {
        return find("namespace = ?1 and id = ?2 and deletedAt is null", namespace, id).firstResultOptional();
    }

    public List<AppEntity> page(String namespace, int page, int pageSize) {
        return find("namespace = ?1 and deletedAt is null order by createdAt, id", namespace)
                .page(Page.of(page - 1, pageSize)).list();
    }

    public long countLive(String namespace) {
        return count("namespace = ?1 and deletedAt is null", namespace);
    }
}
