package dev.tollgate.ingest.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Usage attribution: which subjects are billed to which customer. Customers live in the catalog, which depends on
 * ingest and meters; the catalog provides the implementation. Meters use it for {@code filterCustomerId}, the event
 * browser for its {@code customerId} filter and the {@code customerId} of each event.
 */
public interface CustomerSubjects {

    /**
     * Each live customer of the namespace among the ids, mapped to its subject keys (possibly none); an id that names
     * no live customer is left out of the answer.
     */
    Map<String, List<String>> subjectsOf(String namespace, Collection<String> customerIds);

    /** The live customer each of the subjects is attributed to; a subject no live customer has is left out. */
    Map<String, String> customersOf(String namespace, Collection<String> subjects);

    /**
     * Each live customer of the namespace among the ids, mapped to which subjects were its when within [from, to)
     * (possibly none); an id that names no live customer is left out. A subject moved between customers is in both
     * answers, each with its own stretch of time.
     */
    Map<String, List<SubjectAttribution>> attributionsOf(String namespace, Collection<String> customerIds,
            Instant from, Instant to);
}
