package dev.tollgate.catalog.store;

import dev.tollgate.ingest.api.SubjectAttribution;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which subjects each customer is billed for, and since when: a subject belongs to at most one live customer of a
 * namespace at a time, and its rows keep who held it when.
 */
@ApplicationScoped
public class CustomerSubjectRepository implements PanacheRepositoryBase<CustomerSubjectEntity, Long> {

    /**
     * Each customer's subject keys, sorted; a customer without subjects is left out. A deleted customer keeps showing
     * the subjects it had when it was deleted.
     */
    public Map<String, List<String>> byCustomer(Collection<String> customerIds) {
        Map<String, List<String>> subjects = new LinkedHashMap<>();
        if (customerIds.isEmpty()) {
            return subjects;
        }
        list("customerId in ?1 and detached = false order by customerId, subjectKey", customerIds)
                .forEach(s -> subjects.computeIfAbsent(s.customerId, id -> new ArrayList<>()).add(s.subjectKey));
        return subjects;
    }

    public List<String> of(String customerId) {
        return byCustomer(List.of(customerId)).getOrDefault(customerId, List.of());
    }

    /**
     * Attributes the subjects to the customer and answers those that another live customer holds, which stay
     * unclaimed. The unique index decides: a claim racing another transaction's claim of the same subject waits for it
     * and loses if it commits, so two requests can never both win a subject.
     */
    public List<String> claim(String namespace, String customerId, Collection<String> subjectKeys) {
        List<String> taken = new ArrayList<>();
        for (String subject : subjectKeys) {
            // Attributed from when the last holder let go of it; a subject no customer held before, from the start.
            int inserted = getEntityManager().createNativeQuery("INSERT INTO customer_subjects"
                    + " (namespace, subject_key, customer_id, attributed_from) VALUES (?1, ?2, ?3,"
                    + " (SELECT max(released_at) FROM customer_subjects WHERE namespace = ?1 AND subject_key = ?2))"
                    + " ON CONFLICT (namespace, subject_key) WHERE released_at IS NULL DO NOTHING")
                    .setParameter(1, namespace).setParameter(2, subject).setParameter(3, customerId)
                    .executeUpdate();
            if (inserted == 0) {
                taken.add(subject);
            }
        }
        return taken;
    }

    /** The live customer that holds each of the subjects that are held. */
    public Map<String, String> holders(String namespace, Collection<String> subjectKeys) {
        Map<String, String> holders = new LinkedHashMap<>();
        list("namespace = ?1 and releasedAt is null and subjectKey in ?2", namespace, subjectKeys)
                .forEach(s -> holders.put(s.subjectKey, s.customerId));
        return holders;
    }

    /** Takes subjects off a live customer from {@code at}: its usage until then stays the customer's. */
    public void unclaim(String customerId, Collection<String> subjectKeys, Instant at) {
        if (!subjectKeys.isEmpty()) {
            update("releasedAt = ?1, detached = true where customerId = ?2 and subjectKey in ?3 and releasedAt is null",
                    at, customerId, subjectKeys);
        }
    }

    /**
     * Which subject was whose when, within [from, to): each customer's attributions, the subject's own stretch
     * clipped to the range; a customer with none in the range is left out.
     */
    public Map<String, List<SubjectAttribution>> attributions(String namespace, Collection<String> customerIds,
            Instant from, Instant to) {
        Map<String, List<SubjectAttribution>> attributions = new LinkedHashMap<>();
        if (customerIds.isEmpty()) {
            return attributions;
        }
        list("namespace = ?1 and customerId in ?2 and (attributedFrom is null or attributedFrom < ?4)"
                + " and (releasedAt is null or releasedAt > ?3) order by customerId, subjectKey, attributedFrom",
                namespace, customerIds, from, to).forEach(s -> {
                    Instant start = later(s.attributedFrom, from);
                    Instant end = earlier(s.releasedAt, to);
                    if (start.isBefore(end)) { // a subject taken off in the instant it was claimed held nothing
                        attributions.computeIfAbsent(s.customerId, id -> new ArrayList<>())
                                .add(new SubjectAttribution(s.subjectKey, start, end));
                    }
                });
        return attributions;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || a.isBefore(b) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || a.isAfter(b) ? b : a;
    }

    /** Frees every subject of a deleted customer, keeping the rows so that the deleted customer still lists them. */
    public void release(String customerId, Instant at) {
        update("releasedAt = ?1 where customerId = ?2 and releasedAt is null", at, customerId);
    }
}
