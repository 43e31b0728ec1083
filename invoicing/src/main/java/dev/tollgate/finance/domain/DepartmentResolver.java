package dev.tollgate.finance.domain;

import dev.tollgate.catalog.api.CustomerHierarchy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which department each customer belongs to: by hierarchy, its ancestor {@code level} steps below its root
 * organisation (a customer no deeper than that is its own department), or by a metadata key, the value the customer
 * or, failing that, its nearest ancestor has.
 */
public final class DepartmentResolver {

    private final Map<String, CustomerHierarchy.Member> byId = new HashMap<>();

    public DepartmentResolver(Collection<CustomerHierarchy.Member> members) {
        members.forEach(m -> byId.put(m.id(), m));
    }

    /** The customer's department id (hierarchy) or value (metadata key); null for no customer or none found. */
    public String departmentOf(String customerId, String metadataKey, int level) {
        if (customerId == null || !byId.containsKey(customerId)) {
            return null;
        }
        List<String> chain = chain(customerId);
        if (metadataKey != null) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                String value = byId.get(chain.get(i)).metadata().get(metadataKey);
                if (value != null && !value.isEmpty()) {
                    return value;
                }
            }
            return null;
        }
        return level < chain.size() ? chain.get(level) : customerId;
    }

    /** The customer's ancestors from its root down to itself; a parent cycle (never stored) is cut where it closes. */
    List<String> chain(String customerId) {
        List<String> upwards = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String current = customerId;
        while (current != null && byId.containsKey(current) && seen.add(current)) {
            upwards.add(current);
            current = byId.get(current).parentId();
        }
        List<String> chain = new ArrayList<>(upwards.size());
        for (int i = upwards.size() - 1; i >= 0; i--) {
            chain.add(upwards.get(i));
        }
        return chain;
    }
}
