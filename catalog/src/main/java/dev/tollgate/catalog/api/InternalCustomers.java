package dev.tollgate.catalog.api;

import java.util.Map;

/**
 * Customers Tollgate keeps for itself, such as the internal customer a chargeback invoices for a department named by
 * a metadata value: found by key, made once.
 */
public interface InternalCustomers {

    /**
     * The id of the live customer with this key; one is made, with this name and metadata and no subjects, when there
     * is none. Two callers at once get the same customer.
     */
    String ensure(String namespace, String key, String name, Map<String, String> metadata);
}
