package dev.tollgate.catalog.service;

import dev.tollgate.catalog.domain.Customer;
import java.util.List;
import java.util.Optional;

/**
 * What other modules may ask about customers: entitlements and invoicing find whose usage is whose through it, and
 * roll subsidiaries' usage up into their parent's invoice. Only live customers are answered.
 */
public interface CustomerDirectory {

    /** The live customer with this id or, failing that, this key. */
    Optional<Customer> find(String namespace, String idOrKey);

    /** The subject keys attributed to the live customer, sorted; empty when it has none or is not a live customer. */
    List<String> subjectKeys(String namespace, String customerId);

    /**
     * The live customer and every live descendant, the customer first and then level by level: the customers whose
     * usage rolls up into its invoice. Empty when the id names no live customer.
     */
    List<Customer> subtree(String namespace, String customerId);
}
