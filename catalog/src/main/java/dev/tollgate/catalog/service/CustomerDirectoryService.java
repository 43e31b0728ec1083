package dev.tollgate.catalog.service;

import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.store.CustomerEntity;
import dev.tollgate.catalog.store.CustomerRepository;
import dev.tollgate.catalog.store.CustomerSubjectRepository;
import dev.tollgate.ingest.api.CustomerSubjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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
public class CustomerDirectoryService implements CustomerDirectory, CustomerSubjects {

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
    public Map<String, String> customersOf(String namespace, Collection<String> subjectKeys) {
        return subjectKeys.isEmpty() ? Map.of() : subjects.holders(namespace, subjectKeys);
    }
}
