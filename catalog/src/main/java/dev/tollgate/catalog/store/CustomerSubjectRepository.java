package dev.tollgate.catalog.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which subjects each customer is billed for; a subject belongs to at most one live customer of a namespace. */
@ApplicationScoped
public class CustomerSubjectRepository implements PanacheRepositoryBase<CustomerSubjectEntity, Long> {

    /** Each customer's subject keys, sorted; a customer without subjects is left out. */
    public Map<String, List<String>> byCustomer(Collection<String> customerIds) {
        Map<String, List<String>> subjects = new LinkedHashMap<>();
        if (customerIds.isEmpty()) {
            return subjects;
        }
        list("customerId in ?1 order by customerId, subjectKey", customerIds)
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
            int inserted = getEntityManager().createNativeQuery("INSERT INTO customer_subjects"
                    + " (namespace, subject_key, customer_id) VALUES (?1, ?2, ?3)"
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

    public void unclaim(String customerId, Collection<String> subjectKeys) {
        if (!subjectKeys.isEmpty()) {
            delete("customerId = ?1 and subjectKey in ?2", customerId, subjectKeys);
        }
    }

    /** Frees every subject of a deleted customer, keeping the rows so that the deleted customer still lists them. */
    public void release(String customerId, Instant at) {
        update("releasedAt = ?1 where customerId = ?2 and releasedAt is null", at, customerId);
    }
}
