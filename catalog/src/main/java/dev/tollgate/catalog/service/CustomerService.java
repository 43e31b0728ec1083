package dev.tollgate.catalog.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.domain.CustomerDraft;
import dev.tollgate.catalog.domain.CustomerPage;
import dev.tollgate.catalog.domain.CustomerQuery;
import dev.tollgate.catalog.domain.CustomerRules;
import dev.tollgate.catalog.store.CustomerEntity;
import dev.tollgate.catalog.store.CustomerRepository;
import dev.tollgate.catalog.store.CustomerSubjectRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Customers and the subjects billed to them. A subject belongs to at most one live customer, and a customer may have a
 * parent whose invoice its usage rolls up into; the hierarchy never has a cycle.
 */
@ApplicationScoped
public class CustomerService {

    /**
     * Raw list parameters as they arrive in the query string.
     *
     * @param order {@code ASC} or {@code DESC}
     */
    public record ListRequest(String page, String pageSize, String order, String orderBy, boolean includeDeleted,
            String key, String name, String primaryEmail, String subject) {
    }

    /** The sort fields; the first is the default. */
    static final List<String> ORDER_BY = List.of("name", "id", "createdAt");
    private static final String LIVE_KEY_INDEX = "customers_live_key";

    private final CustomerRepository customers;
    private final CustomerSubjectRepository subjects;
    private final Clock clock;

    CustomerService(CustomerRepository customers, CustomerSubjectRepository subjects, Clock clock) {
        this.customers = customers;
        this.subjects = subjects;
        this.clock = clock;
    }

    @Transactional
    public CustomerPage list(String namespace, ListRequest request) {
        CustomerQuery query = query(request);
        CustomerRepository.Slice slice = customers.search(namespace, query);
        Map<String, List<String>> keys = subjects.byCustomer(slice.items().stream().map(e -> e.id).toList());
        List<Customer> items = slice.items().stream()
                .map(e -> CustomerRepository.toDomain(e, keys.getOrDefault(e.id, List.of()))).toList();
        return new CustomerPage(items, query.page(), query.pageSize(), slice.totalCount());
    }

    /**
     * A live customer by id or key, or, as OpenMeter answers, a deleted one by its id (with its {@code deletedAt}):
     * an id names one customer forever, while a key passes to the next customer that takes it.
     */
    @Transactional
    public Customer get(String namespace, String idOrKey) {
        CustomerEntity e = customers.findLiveEntity(namespace, idOrKey)
                .or(() -> customers.findByIdOptional(idOrKey).filter(c -> c.namespace.equals(namespace)))
                .orElseThrow(() -> notFound(idOrKey));
        return CustomerRepository.toDomain(e, subjects.of(e.id));
    }

    @Transactional
    public Customer create(String namespace, CustomerDraft draft) {
        requireValid(draft);
        if (draft.parentCustomerId() != null) {
            customers.lockHierarchy(namespace);
        }
        String parentId = parent(namespace, draft.parentCustomerId(), null);
        requireFreeKey(namespace, draft.key(), null);
        Instant now = clock.instant();
        CustomerEntity e = new CustomerEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.createdAt = now;
        apply(e, draft, parentId, now);
        customers.persist(e);
        flush(draft.key());
        List<String> wanted = draft.usageAttribution().subjectKeys();
        claim(namespace, e.id, wanted, List.of());
        return CustomerRepository.toDomain(e, sorted(wanted));
    }

    /** Replaces the customer, as OpenMeter's PUT does: a field left out is cleared. */
    @Transactional
    public Customer update(String namespace, String idOrKey, CustomerDraft draft) {
        requireValid(draft);
        if (draft.parentCustomerId() != null) {
            customers.lockHierarchy(namespace);
        }
        CustomerEntity e = live(namespace, idOrKey);
        String parentId = parent(namespace, draft.parentCustomerId(), e.id);
        requireFreeKey(namespace, draft.key(), e.id);
        apply(e, draft, parentId, clock.instant());
        flush(draft.key());
        List<String> held = subjects.of(e.id);
        List<String> wanted = draft.usageAttribution().subjectKeys();
        subjects.unclaim(e.id, held.stream().filter(s -> !wanted.contains(s)).toList(), clock.instant());
        claim(namespace, e.id, wanted, held);
        return CustomerRepository.toDomain(e, sorted(wanted));
    }

    /**
     * Soft-deletes the customer, as OpenMeter does: its key may be used again and its subjects are free for another
     * customer. A customer with live children is refused, since their usage would roll up into a deleted invoice.
     */
    @Transactional
    public void delete(String namespace, String idOrKey) {
        customers.lockHierarchy(namespace);
        CustomerEntity e = live(namespace, idOrKey);
        List<String> children = customers.liveChildren(namespace, List.of(e.id)).stream().map(c -> c.id).toList();
        if (!children.isEmpty()) {
            throw ApiException.conflict("customer " + e.id + " has live child customers " + children
                    + "; delete them or give them another parent first");
        }
        Instant now = clock.instant();
        e.deletedAt = now;
        e.updatedAt = now;
        subjects.release(e.id, now);
    }

    private CustomerEntity live(String namespace, String idOrKey) {
        return customers.findLiveEntity(namespace, idOrKey).orElseThrow(() -> notFound(idOrKey));
    }

    private static ApiException notFound(String idOrKey) {
        return ApiException.notFound("no customer with id or key '" + idOrKey + "'");
    }

    /** Validated, so the rest of the service may rely on usageAttribution.subjectKeys being there. */
    private static void requireValid(CustomerDraft draft) {
        List<ValidationError> errors = CustomerRules.check(draft);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** The parent's id; refuses an unknown parent and one that would make the customer its own ancestor. */
    private String parent(String namespace, String parentIdOrKey, String customerId) {
        if (parentIdOrKey == null) {
            return null;
        }
        CustomerEntity parent = customers.findLiveEntity(namespace, parentIdOrKey)
                .orElseThrow(() -> ApiException.invalid("parentCustomerId", "unknown",
                        "names no customer: '" + parentIdOrKey + "'"));
        if (customerId != null && (parent.id.equals(customerId)
                || customers.ancestors(namespace, parent.id).contains(customerId))) {
            throw ApiException.invalid("parentCustomerId", "cycle",
                    "would make customer " + customerId + " its own ancestor");
        }
        return parent.id;
    }

    private void requireFreeKey(String namespace, String key, String customerId) {
        if (key != null && customers.findLiveKey(namespace, key).filter(c -> !c.id.equals(customerId)).isPresent()) {
            throw keyTaken(key);
        }
    }

    /** Writes the customer now, so that a key taken by a concurrent request is answered as a conflict. */
    private void flush(String key) {
        try {
            customers.flush();
        } catch (PersistenceException e) {
            if (violates(e, LIVE_KEY_INDEX)) {
                throw keyTaken(key);
            }
            throw e;
        }
    }

    /** Hibernate may wrap the violation, depending on how the flush was reached. */
    private static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException violation
                    && constraint.equals(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }

    private static ApiException keyTaken(String key) {
        return conflict(List.of(new ValidationError("key", "taken",
                "key '" + key + "' is already used by another customer")));
    }

    /** Claims the subjects not yet held; a subject another live customer holds is a conflict naming its position. */
    private void claim(String namespace, String customerId, List<String> wanted, Collection<String> held) {
        List<String> taken = subjects.claim(namespace, customerId,
                wanted.stream().filter(s -> !held.contains(s)).toList());
        if (taken.isEmpty()) {
            return;
        }
        Map<String, String> holders = subjects.holders(namespace, taken);
        List<ValidationError> errors = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            String subject = wanted.get(i);
            if (taken.contains(subject)) {
                String field = CustomerRules.subjectField(i);
                errors.add(new ValidationError(field, "taken", field + " '" + subject
                        + "' is already attributed to customer " + holders.getOrDefault(subject, "another customer")
                        + "; a subject belongs to one customer at a time"));
            }
        }
        throw conflict(errors);
    }

    private static ApiException conflict(List<ValidationError> errors) {
        String detail = errors.get(0).message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        return new ApiException(409, detail, errors, null);
    }

    private static void apply(CustomerEntity e, CustomerDraft draft, String parentId, Instant now) {
        e.key = draft.key();
        e.name = draft.name();
        e.description = draft.description();
        e.primaryEmail = draft.primaryEmail();
        e.currency = draft.currency();
        e.billingAddress = CustomerRepository.address(draft.billingAddress());
        e.parentCustomerId = parentId;
        e.stripeCustomerId = draft.external() == null ? null : draft.external().stripeCustomerId();
        e.metadata = draft.metadata() == null ? Map.of() : new TreeMap<>(draft.metadata());
        e.updatedAt = now;
    }

    private static List<String> sorted(List<String> subjectKeys) {
        return subjectKeys.stream().sorted().toList();
    }

    private static CustomerQuery query(ListRequest request) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(request.page(), request.pageSize(), errors);
        String orderBy = Paging.orderBy(request.orderBy(), ORDER_BY, errors);
        boolean descending = Paging.descending(request.order(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new CustomerQuery(paging.page(), paging.pageSize(), orderBy, descending, request.includeDeleted(),
                blankToNull(request.key()), blankToNull(request.name()), blankToNull(request.primaryEmail()),
                blankToNull(request.subject()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
