package dev.tollgate.catalog.api;

import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.shared.paging.Paging;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What invoicing asks the catalog about customers. */
public interface BillingCustomers {

    /** The live customer with this id or, failing that, this key. */
    Optional<BillingCustomer> findLive(String namespace, String idOrKey);

    /** The customers among the ids, live or deleted, by id; an id that names none is left out. */
    Map<String, BillingCustomer> byIds(String namespace, Collection<String> ids);

    /**
     * One page of the namespace's live customers, in order of {@code orderBy}: {@code id}, {@code name}, {@code key},
     * {@code primaryEmail} or {@code createdAt}.
     *
     * @param ids only these customers; null for all
     */
    Paging.Page<BillingCustomer> page(String namespace, Collection<String> ids, String orderBy, boolean descending,
            Paging paging);

    /** A customer created, changed (key, subjects) or deleted at {@code changedAt}. */
    record Change(String namespace, String customerId, Instant changedAt) {
    }

    /** The customers of any namespace created, changed or deleted at or after the instant, for in-memory views. */
    List<Change> changedSince(Instant since);

    /** The customer's ancestors, its parent first. */
    List<String> ancestors(String namespace, String customerId);

    /** Each customer's ancestors, its parent first, for many customers at once. */
    Map<String, List<String>> ancestors(String namespace, Collection<String> customerIds);

    /**
     * Which subjects were each customer's when, within [from, to): live and deleted customers alike, since a deleted
     * customer's last periods are still billed. A customer with none in the range is left out.
     */
    Map<String, List<SubjectAttribution>> attributions(String namespace, Collection<String> customerIds,
            Instant from, Instant to);
}
