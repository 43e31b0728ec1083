package dev.tollgate.notifications.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Notification rules. */
@ApplicationScoped
public class RuleRepository implements PanacheRepositoryBase<RuleEntity, String> {

    public Optional<RuleEntity> findIn(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    public List<RuleEntity> page(String namespace, boolean includeDisabled, String orderBy, boolean descending,
            int page, int pageSize) {
        return find(where(includeDisabled) + " order by " + orderBy + (descending ? " desc" : "") + ", id",
                namespace).page(Page.of(page - 1, pageSize)).list();
    }

    public long countLive(String namespace, boolean includeDisabled) {
        return count(where(includeDisabled), namespace);
    }

    /** Enabled, live rules of the type in the namespace. */
    public List<RuleEntity> active(String namespace, String type) {
        return list("namespace = ?1 and type = ?2 and deletedAt is null and disabled = false order by id", namespace,
                type);
    }

    /** Enabled, live rules of the type in every namespace, for the in-memory threshold watcher. */
    public List<RuleEntity> activeOfType(String type) {
        return list("type = ?1 and deletedAt is null and disabled = false order by id", type);
    }

    /** Live rules (disabled ones too) that send to the channel. */
    @SuppressWarnings("unchecked")
    public List<String> usingChannel(String namespace, String channelId) {
        return getEntityManager().createNativeQuery("SELECT id FROM notification_rules WHERE namespace = ?1"
                + " AND deleted_at IS NULL AND channels @> CAST(?2 AS jsonb) ORDER BY id")
                .setParameter(1, namespace).setParameter(2, "[\"" + channelId.replace("\"", "") + "\"]")
                .getResultList();
    }

    private static String where(boolean includeDisabled) {
        return "namespace = ?1 and deletedAt is null" + (includeDisabled ? "" : " and disabled = false");
    }
}
