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

    public List<ApiKeyEntity> listByNamespace(String namespace) {
        return list("namespace = ?1 order by createdAt", namespace);
    }
}
