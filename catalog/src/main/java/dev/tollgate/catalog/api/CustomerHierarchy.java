package dev.tollgate.catalog.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What finance asks the catalog about the organisation: customers, their parents and metadata. */
public interface CustomerHierarchy {

    /**
     * A customer, live or deleted (a deleted customer's past usage is still reported).
     *
     * @param parentId null for a root organisation
     * @param deletedAt null while live
     */
    record Member(String id, String key, String name, String parentId, Map<String, String> metadata,
            Instant deletedAt) {
    }

    /** Every customer of the namespace, deleted ones too. */
    List<Member> members(String namespace);
}
