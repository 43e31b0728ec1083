package dev.tollgate.shared.auth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {

    public Optional<ApiKeyEntity> findActiveBySecretHash(String secretHash) {
        return find("secretHash = ?1 and revokedAt is null", secretHash).firstResultOptional();
    }

    /** The key with this secret, revoked or not. */
    public Optional<ApiKeyEntity> findBySecretHash(String secretHash) {
        return find("secretHash = ?1", secretHash).firstResultOptional();
    }

    /**
     * Inserts the key unless one with the same secret exists, revoked or not; true when inserted. Instances starting
     * together with the same bootstrap key both get here: PostgreSQL lets exactly one insert through.
     */
    public boolean insertIfAbsent(ApiKeyEntity key) {
        return getEntityManager().createNativeQuery("INSERT INTO api_keys (id, name, namespace, display_prefix,"
                + " secret_hash, scopes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                + " ON CONFLICT (secret_hash) DO NOTHING")
                .setParameter(1, key.id).setParameter(2, key.name).setParameter(3, key.namespace)
                .setParameter(4, key.displayPrefix).setParameter(5, key.secretHash).setParameter(6, key.scopes)
                .setParameter(7, key.createdAt).executeUpdate() == 1;
    }

    public List<ApiKeyEntity> listByNamespace(String namespace) {
        return list("namespace = ?1 order by createdAt", namespace);
    }
}
