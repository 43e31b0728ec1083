package dev.tollgate.catalog.service;

import dev.tollgate.catalog.api.InternalCustomers;
import dev.tollgate.catalog.domain.CustomerDraft;
import dev.tollgate.catalog.store.CustomerRepository;
import dev.tollgate.shared.postgres.TransactionLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** Internal customers: made through the same rules as any customer, under a lock on the key so that one is made. */
@ApplicationScoped
public class InternalCustomerService implements InternalCustomers {

    private final CustomerRepository customers;
    private final CustomerService service;

    InternalCustomerService(CustomerRepository customers, CustomerService service) {
        this.customers = customers;
        this.service = service;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String ensure(String namespace, String key, String name, Map<String, String> metadata) {
        TransactionLock.acquire(customers.getEntityManager(), "internal-customer:" + namespace + "/" + key);
        return customers.findLiveEntity(namespace, key).filter(c -> key.equals(c.key)).map(c -> c.id)
                .orElseGet(() -> service.create(namespace, new CustomerDraft(key, name, null, null, null, null,
                        new CustomerDraft.UsageAttribution(List.of()), null, null, metadata)).id());
    }
}
