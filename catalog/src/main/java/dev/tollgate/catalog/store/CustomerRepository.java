package dev.tollgate.catalog.store;

import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.domain.CustomerAddress;
import dev.tollgate.catalog.domain.CustomerQuery;
import dev.tollgate.shared.postgres.TransactionLock;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Customers in PostgreSQL. Deleted customers stay as rows, so that invoices and usage history can still name them. */
@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<CustomerEntity, String> {

    /** A live customer by id, else by key: an id always wins, so a key that happens to equal an id cannot hide it. */
    public Optional<CustomerEntity> findLiveEntity(String namespace, String idOrKey) {
        Optional<CustomerEntity> byId = find("namespace = ?1 and deletedAt is null and id = ?2", namespace, idOrKey)
                .firstResultOptional();
        return byId.isPresent() ? byId
                : find("namespace = ?1 and deletedAt is null and key = ?2", namespace, idOrKey).firstResultOptional();
    }

    public Optional<CustomerEntity> findLiveKey(String namespace, String key) {
        return find("namespace = ?1 and deletedAt is null and key = ?2", namespace, key).firstResultOptional();
    }

    /** The live customers among the ids, by id. */
    public Map<String, CustomerEntity> findLive(String namespace, Collection<String> ids) {
        Map<String, CustomerEntity> found = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            list("namespace = ?1 and deletedAt is null and id in ?2", namespace, ids).forEach(e -> found.put(e.id, e));
        }
        return found;
    }

    /** The live customers whose parent is one of the given customers, by id. */
    public List<CustomerEntity> liveChildren(String namespace, Collection<String> parentIds) {
        if (parentIds.isEmpty()) {
            return List.of();
        }
        return list("namespace = ?1 and deletedAt is null and parentCustomerId in ?2 order by id", namespace,
                parentIds);
    }

    /**
     * Serialises changes to the namespace's parent links until the transaction ends, so that two concurrent updates
     * cannot each close half of a cycle, and a parent cannot be deleted while a child is attached to it.
     */
    public void lockHierarchy(String namespace) {
        TransactionLock.acquire(getEntityManager(), "customer-hierarchy:" + namespace);
    }

    /** One page of the namespace's customers, and how many match in all. */
    public Slice search(String namespace, CustomerQuery query) {
        StringBuilder where = new StringBuilder("from CustomerEntity c where c.namespace = :namespace");
        Map<String, Object> params = new HashMap<>();
        params.put("namespace", namespace);
        if (!query.includeDeleted()) {
            where.append(" and c.deletedAt is null");
        }
        contains(where, params, "key", query.key());
        contains(where, params, "name", query.name());
        contains(where, params, "primaryEmail", query.primaryEmail());
        if (query.subject() != null) {
            where.append(" and exists (select 1 from CustomerSubjectEntity s where s.customerId = c.id"
                    + " and lower(s.subjectKey) like :subject escape '\\')");
            params.put("subject", pattern(query.subject()));
        }
        String direction = query.descending() ? " desc" : " asc";
        String order = " order by c." + query.orderBy() + direction + ", c.id" + direction;
        PanacheQuery<CustomerEntity> found = find(where + order, params)
                .page(Page.of(query.page() - 1, query.pageSize()));
        return new Slice(found.list(), found.count());
    }

    /** One page of customers, and the number of matches over all pages. */
    public record Slice(List<CustomerEntity> items, long totalCount) {
    }

    /** OpenMeter's list filters: case-insensitive partial matches. */
    private static void contains(StringBuilder where, Map<String, Object> params, String field, String value) {
        if (value != null) {
            where.append(" and lower(c.").append(field).append(") like :").append(field).append(" escape '\\'");
            params.put(field, pattern(value));
        }
    }

    private static String pattern(String value) {
        String escaped = value.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    public static Customer toDomain(CustomerEntity e, List<String> subjectKeys) {
        return new Customer(e.id, e.namespace, e.key, e.name, e.description, e.primaryEmail, e.currency,
                address(e.billingAddress), List.copyOf(subjectKeys), e.parentCustomerId, e.stripeCustomerId,
                e.metadata == null ? Map.of() : e.metadata, e.createdAt, e.updatedAt, e.deletedAt);
    }

    private static CustomerAddress address(Map<String, String> a) {
        return a == null ? null : new CustomerAddress(a.get("country"), a.get("postalCode"), a.get("state"),
                a.get("city"), a.get("line1"), a.get("line2"), a.get("phoneNumber"));
    }

    /** The address as stored: only the fields it has, null when it has none. */
    public static Map<String, String> address(CustomerAddress address) {
        if (address == null) {
            return null;
        }
        Map<String, String> a = new LinkedHashMap<>();
        putIfPresent(a, "country", address.country());
        putIfPresent(a, "postalCode", address.postalCode());
        putIfPresent(a, "state", address.state());
        putIfPresent(a, "city", address.city());
        putIfPresent(a, "line1", address.line1());
        putIfPresent(a, "line2", address.line2());
        putIfPresent(a, "phoneNumber", address.phoneNumber());
        return a.isEmpty() ? null : a;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The customer's ancestors, its parent first; stops rather than loops should the links ever form a cycle. */
    public List<String> ancestors(String namespace, String customerId) {
        return ancestors(namespace, List.of(customerId)).get(customerId);
    }

    /**
     * Each customer's ancestors, its parent first: one query per level of the hierarchy, not per customer, for a
     * billing run that syncs subscriptions in chunks.
     */
    public Map<String, List<String>> ancestors(String namespace, Collection<String> customerIds) {
        Map<String, String> parentOf = new HashMap<>();
        Set<String> ask = new HashSet<>(customerIds);
        while (!ask.isEmpty()) {
            List<Object[]> rows = getEntityManager().createQuery("select id, parentCustomerId from CustomerEntity"
                    + " where namespace = ?1 and id in ?2", Object[].class)
                    .setParameter(1, namespace).setParameter(2, ask).getResultList();
            ask.forEach(id -> parentOf.put(id, null));
            Set<String> next = new HashSet<>();
            for (Object[] row : rows) {
                String parent = (String) row[1];
                parentOf.put((String) row[0], parent);
                if (parent != null && !parentOf.containsKey(parent)) {
                    next.add(parent);
                }
            }
            ask = next;
        }
        Map<String, List<String>> ancestors = new HashMap<>();
        for (String customerId : customerIds) {
            List<String> chain = new ArrayList<>();
            for (String parent = parentOf.get(customerId); parent != null && !chain.contains(parent);
                    parent = parentOf.get(parent)) {
                chain.add(parent);
            }
            ancestors.put(customerId, chain);
        }
        return ancestors;
    }
}
