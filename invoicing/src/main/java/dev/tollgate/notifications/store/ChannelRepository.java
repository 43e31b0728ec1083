package dev.tollgate.notifications.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Notification channels. */
@ApplicationScoped
public class ChannelRepository implements PanacheRepositoryBase<ChannelEntity, String> {

    public Optional<ChannelEntity> findIn(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    public Map<String, ChannelEntity> byIds(String namespace, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return list("namespace = ?1 and id in ?2", namespace, ids).stream()
                .collect(Collectors.toMap(c -> c.id, Function.identity()));
    }

    /** Live channels, disabled ones too when asked. */
    public List<ChannelEntity> page(String namespace, boolean includeDisabled, String orderBy, boolean descending,
            int page, int pageSize) {
        return find(where(includeDisabled) + " order by " + orderBy + (descending ? " desc" : "") + ", id",
                namespace).page(Page.of(page - 1, pageSize)).list();
    }

    public long countLive(String namespace, boolean includeDisabled) {
        return count(where(includeDisabled), namespace);
    }

    private static String where(boolean includeDisabled) {
        return "namespace = ?1 and deletedAt is null" + (includeDisabled ? "" : " and disabled = false");
    }
}
