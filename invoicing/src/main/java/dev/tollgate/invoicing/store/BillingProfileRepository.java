package dev.tollgate.invoicing.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.postgres.TransactionLock;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Billing profiles, with their supplier and workflow as JSON. */
@ApplicationScoped
public class BillingProfileRepository implements PanacheRepositoryBase<BillingProfileEntity, String> {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final ObjectMapper json;

    BillingProfileRepository(ObjectMapper json) {
        this.json = json;
    }

    public Optional<BillingProfileEntity> findLive(String namespace, String id) {
        return find("namespace = ?1 and id = ?2 and deletedAt is null", namespace, id).firstResultOptional();
    }

    public Optional<BillingProfileEntity> findAny(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    public Optional<BillingProfileEntity> findDefault(String namespace) {
        return find("namespace = ?1 and isDefault = true and deletedAt is null", namespace).firstResultOptional();
    }

    public Paging.Page<BillingProfileEntity> page(String namespace, boolean includeDeleted, String orderBy,
            boolean descending, Paging paging) {
        String direction = descending ? " desc" : " asc";
        String column = switch (orderBy) {
            case "default" -> "isDefault";
            case "name", "updatedAt", "createdAt" -> orderBy;
            default -> throw new IllegalArgumentException("profiles cannot be ordered by " + orderBy);
        };
        PanacheQuery<BillingProfileEntity> found = find("namespace = ?1"
                + (includeDeleted ? "" : " and deletedAt is null")
                + " order by " + column + direction + ", id" + direction, namespace)
                .page(Page.of(paging.page() - 1, paging.pageSize()));
        return new Paging.Page<>(found.list(), found.count());
    }

    /** Clears the namespace's default flag, so that another profile can take it. */
    public void clearDefault(String namespace) {
        update("isDefault = false where namespace = ?1 and isDefault = true", namespace);
        flush();
    }

    /** Serializes changes to which profile is the default, and default-profile creation. */
    public void lockNamespace(String namespace) {
        TransactionLock.acquire(getEntityManager(), "billing-profiles:" + namespace);
    }

    public BillingProfile toDomain(BillingProfileEntity e) {
        return new BillingProfile(e.id, e.namespace, e.name, e.description, read(e.metadata, METADATA),
                read(e.supplier, BillingParty.class), read(e.workflow, BillingWorkflow.class).complete(), e.isDefault,
                e.createdAt, e.updatedAt, e.deletedAt, e.invoicingAppId);
    }

    public void write(BillingProfileEntity e, Map<String, String> metadata, BillingParty supplier,
            BillingWorkflow workflow) {
        e.metadata = write(metadata == null ? Map.of() : metadata);
        e.supplier = write(supplier);
        e.workflow = write(workflow);
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored " + type.getSimpleName(), e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return value == null ? null : json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored JSON", e);
        }
    }

    public List<BillingProfileEntity> liveOf(String namespace) {
        return list("namespace = ?1 and deletedAt is null", namespace);
    }
}
