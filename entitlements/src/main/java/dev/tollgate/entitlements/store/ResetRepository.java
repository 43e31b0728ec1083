package dev.tollgate.entitlements.store;

import dev.tollgate.entitlements.credit.UsagePeriods;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Manual resets of metered entitlements. */
@ApplicationScoped
public class ResetRepository implements PanacheRepositoryBase<ResetEntity, String> {

    /** Ids per query: well under PostgreSQL's limit of bind parameters. */
    static final int CHUNK = 1000;

    /** Each entitlement's manual resets, oldest first; entitlements without any are left out. */
    public Map<String, List<UsagePeriods.ManualReset>> byEntitlement(Collection<String> entitlementIds) {
        Map<String, List<UsagePeriods.ManualReset>> result = new HashMap<>();
        if (entitlementIds.isEmpty()) {
            return result;
        }
        List<String> ids = new ArrayList<>(entitlementIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            for (ResetEntity r : list("entitlementId in ?1 order by resetAt", chunk)) {
                result.computeIfAbsent(r.entitlementId, id -> new ArrayList<>())
                        .add(new UsagePeriods.ManualReset(r.resetAt, r.retainAnchor, r.preserveOverage));
            }
        }
        return result;
    }
}
