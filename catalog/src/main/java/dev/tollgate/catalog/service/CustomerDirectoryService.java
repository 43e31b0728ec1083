package dev.tollgate.catalog.service;

import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.store.CustomerEntity;
import dev.tollgate.catalog.store.CustomerRepository;
import dev.tollgate.catalog.store.CustomerSubjectRepository;
import dev.tollgate.ingest.api.CustomerSubjects;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.shared.paging.Paging;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@link CustomerDirectory} for the catalog's neighbours, and usage attribution ({@link CustomerSubjects}) for
 * meter queries and the event browser.
 */
@ApplicationScoped
public class CustomerDirectoryService implements CustomerDirectory, CustomerSubjects, BillingCustomers {

    private final CustomerRepository customers;
    private final CustomerSubjectRepository subjects;

    CustomerDirectoryService(CustomerRepository customers, CustomerSubjectRepository subjects) {
        this.customers = customers;
        this.subjects = subjects;
    }

    @Override
    @Transactional
    public Optional<Customer> find(String namespace, String idOrKey) {
        return customers.findLiveEntity(namespace, idOrKey)
                .map(e -> CustomerRepository.toDomain(e, subjects.of(e.id)));
    }

    @Override
    @Transactional
    public List<String> subjectKeys(String namespace, String customerId) {
        return subjectsOf(namespace, List.of(customerId)).getOrDefault(customerId, List.of());
    }

    @Override
    @Transactional
    public List<Customer> subtree(String namespace, String customerId) {
        List<CustomerEntity> tree = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Collection<CustomerEntity> level = customers.findLive(namespace, List.of(customerId)).values();
        while (!level.isEmpty()) {
            // The hierarchy has no cycles, but a walk that cannot loop costs nothing.
            List<CustomerEntity> fresh = level.stream().filter(e -> seen.add(e.id)).toList();
            tree.addAll(fresh);
            level = customers.liveChildren(namespace, fresh.stream().map(e -> e.id).toList());
        }
        Map<String, List<String>> keys = subjects.byCustomer(tree.stream().map(e -> e.id).toList());
        return tree.stream().map(e -> CustomerRepository.toDomain(e, keys.getOrDefault(e.id, List.of()))).toList();
    }

    @Override
    @Transactional
    public Map<String, List<String>> subjectsOf(String namespace, Collection<String> customerIds) {
        Map<String, CustomerEntity> live = customers.findLive(namespace, customerIds);
        Map<String, List<String>> keys = subjects.byCustomer(live.keySet());
        Map<String, List<String>> answer = new LinkedHashMap<>();
        live.keySet().forEach(id -> answer.put(id, keys.getOrDefault(id, List.of())));
        return answer;
    }

    @Override
    @Transactional
    public Map<String, List<SubjectAttribution>> attributionsOf(String namespace, Collection<String> customerIds,
            Instant from, Instant to) {
        Map<String, CustomerEntity> live = customers.findLive(namespace, customerIds);
        Map<String, List<SubjectAttribution>> found = subjects.attributions(namespace, live.keySet(), from, to);
        Map<String, List<SubjectAttribution>> answer = new LinkedHashMap<>();
        live.keySet().forEach(id -> answer.put(id, found.getOrDefault(id, List.of())));
        return answer;
    }

    @Override
    @Transactional
    public Optional<BillingCustomer> findLive(String namespace, String idOrKey) {
        return customers.findLiveEntity(namespace, idOrKey).map(CustomerDirectoryService::billing);
    }

    @Override
    @Transactional
    public Map<String, BillingCustomer> byIds(String namespace, Collection<String> ids) {
        Map<String, BillingCustomer> found = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            customers.list("namespace = ?1 and id in ?2", namespace, ids).forEach(e -> found.put(e.id, billing(e)));
        }
        return found;
    }

    @Override
    @Transactional
    public Paging.Page<BillingCustomer> page(String namespace, Collection<String> ids, String orderBy,
            boolean descending, Paging paging) {
        if (!List.of("id", "name", "key", "primaryEmail", "createdAt").contains(orderBy)) {
            throw new IllegalArgumentException("customers cannot be ordered by " + orderBy);
        }
        String direction = descending ? " desc" : " asc";
        String where = "namespace = :ns and deletedAt is null" + (ids == null ? "" : " and id in :ids");
        Parameters params = Parameters.with("ns", namespace);
        if (ids != null) {
            if (ids.isEmpty()) {
                return new Paging.Page<>(List.of(), 0);
            }
            params = params.and("ids", ids);
        }
        var found = customers.find(where + " order by " + orderBy + direction + ", id" + direction, params)
                .page(Page.of(paging.page() - 1, paging.pageSize()));
        return new Paging.Page<>(found.list().stream().map(CustomerDirectoryService::billing).toList(),
                found.count());
    }

    @Override
    @Transactional
    public List<Change> changedSince(Instant since) {
        return customers.list("updatedAt >= ?1", since).stream().map(e -> new Change(e.namespace, e.id, e.updatedAt))
                .toList();
    }

    @Override
    @Transactional
    public List<String> ancestors(String namespace, String customerId) {
        return customers.ancestors(namespace, customerId);
    }

    @Override
    @Transactional
    public Map<String, List<String>> ancestors(String namespace, Collection<String> customerIds) {
        return customers.ancestors(namespace, customerIds);
    }

    @Override
    @Transactional
    public Map<String, List<SubjectAttribution>> attributions(String namespace, Collection<String> customerIds,
            Instant from, Instant to) {
        return subjects.attributions(namespace, customerIds, from, to);
    }

    private static BillingCustomer billing(CustomerEntity e) {
        return new BillingCustomer(e.id, e.namespace, e.key, e.name, e.primaryEmail, e.currency,
                e.billingAddress == null ? Map.of() : Map.copyOf(e.billingAddress), e.parentCustomerId, e.createdAt,
                e.deletedAt);
    }

    @Override
    @Transactional
    public Map<String, String> customersOf(String namespace, Collection<String> subjectKeys) {
        return subjectKeys.isEmpty() ? Map.of() : subjects.holders(namespace, subjectKeys);
    }
}
