package dev.tollgate.meters.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Resolves customers to the subjects billed to them, for {@code filterCustomerId} in usage queries. Customers live in
 * the catalog, which depends on meters; the catalog provides the implementation.
 */
@FunctionalInterface
public interface CustomerSubjects {

    /**
     * Each live customer of the namespace among the ids, mapped to its subject keys (possibly none); an id that names
     * no live customer is left out of the answer.
     */
    Map<String, List<String>> subjectsOf(String namespace, Collection<String> customerIds);
}
