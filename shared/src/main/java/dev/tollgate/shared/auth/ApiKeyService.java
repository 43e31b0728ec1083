package dev.tollgate.shared.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.shared.problem.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

@ApplicationScoped
public class ApiKeyService {

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    private static final String BOOTSTRAP_KEY_NAME = "bootstrap-admin";
    private static final int MIN_BOOTSTRAP_KEY_LENGTH = 16;

    /** A created key: the only moment its secret is known to anyone but the caller. */
    public record CreatedKey(ApiKeyEntity key, String secret) {
    }

    private final ApiKeyRepository repository;
    private final AuthConfig config;
    private final Clock clock;
    private final Cache<String, Optional<Caller>> verified;

    ApiKeyService(ApiKeyRepository repository, AuthConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.cacheTtl()).build();
    }

    void bootstrap(@Observes StartupEvent event) {
        config.bootstrapAdminKey().filter(secret -> !secret.isBlank()).ifPresent(secret -> QuarkusTransaction
                .requiringNew().run(() -> ensureBootstrapKey(secret)));
    }

    /**
     * Creates the bootstrap key once. A revocation is final: a revoked bootstrap key is not brought back by the
     * variable that is still set, the app starts without it, and the log says what to do.
     */
    void ensureBootstrapKey(String secret) {
        if (secret.length() < MIN_BOOTSTRAP_KEY_LENGTH) {
            throw new IllegalStateException("tollgate.auth.bootstrap-admin-key must be at least "
                    + MIN_BOOTSTRAP_KEY_LENGTH + " characters long");
        }
        String hash = ApiKeySecrets.hash(secret);
        Optional<ApiKeyEntity> existing = repository.findBySecretHash(hash);
        if (existing.isPresent()) {
            if (existing.get().revokedAt != null) {
                LOG.warnf("the bootstrap admin key %s was revoked at %s and stays revoked; unset"
                        + " TOLLGATE_AUTH_BOOTSTRAP_ADMIN_KEY, or set a new secret to create a new admin key",
                        existing.get().id, existing.get().revokedAt);
            }
            return;
        }
        ApiKeyEntity key = newEntity(BOOTSTRAP_KEY_NAME, config.bootstrapNamespace(), EnumSet.of(Scope.ADMIN), secret);
        if (repository.insertIfAbsent(key)) {
            LOG.infof("created bootstrap admin key %s in namespace %s", key.id, key.namespace);
        }
    }

    /**
     * Resolves a bearer secret to its caller. A recently verified key answers at once, on the calling (I/O) thread;
     * otherwise PostgreSQL is asked on a worker thread.
     */
    public Uni<Optional<Caller>> authenticate(String secret) {
        String hash = ApiKeySecrets.hash(secret);
        Optional<Caller> cached = verified.getIfPresent(hash);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return lookUp(hash);
    }

    /**
     * What {@link #authenticate} would answer at once, without a Uni, for the Vert.x routes' usual request: the caller
     * of a recently verified key (empty for a key recently found unknown or revoked), or null when PostgreSQL must be
     * asked, with {@link #authenticate}.
     */
    public Optional<Caller> recentlyVerified(String secret) {
        return verified.getIfPresent(ApiKeySecrets.hash(secret));
    }

    private Uni<Optional<Caller>> lookUp(String hash) {
        return Uni.createFrom().item(() -> verified.get(hash, h -> QuarkusTransaction.requiringNew()
                .call(() -> repository.findActiveBySecretHash(h).map(ApiKeyService::toCaller))))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Transactional
    public CreatedKey create(String namespace, String name, Set<Scope> scopes) {
        if (name == null || name.isBlank() || name.length() > 256) {
            throw ApiException.invalid("name", "invalid", "must be 1 to 256 characters");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw ApiException.invalid("scopes", "required", "must name at least one of ingest, read, admin");
        }
        String secret = ApiKeySecrets.newSecret();
        ApiKeyEntity key = newEntity(name, namespace, scopes, secret);
        repository.persist(key);
        return new CreatedKey(key, secret);
    }

    @Transactional
    public List<ApiKeyEntity> list(String namespace) {
        return repository.listByNamespace(namespace);
    }

    @Transactional
    public void revoke(String namespace, String id) {
        ApiKeyEntity key = repository.findByIdOptional(id)
                .filter(k -> k.namespace.equals(namespace) && k.revokedAt == null)
                .orElseThrow(() -> ApiException.notFound("no active API key with id " + id));
        key.revokedAt = clock.instant();
        verified.invalidate(key.secretHash);
    }

    private ApiKeyEntity newEntity(String name, String namespace, Set<Scope> scopes, String secret) {
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = UUID.randomUUID().toString();
        key.name = name;
        key.namespace = namespace;
        key.displayPrefix = ApiKeySecrets.displayPrefix(secret);
        key.secretHash = ApiKeySecrets.hash(secret);
        key.scopes = scopes.stream().map(Scope::wireName).sorted().collect(Collectors.joining(","));
        key.createdAt = clock.instant();
        return key;
    }

    static Set<Scope> parseScopes(String scopes) {
        Set<Scope> parsed = EnumSet.noneOf(Scope.class);
        Arrays.stream(scopes.split(",")).map(Scope::fromWireName).flatMap(Optional::stream).forEach(parsed::add);
        return parsed;
    }

    private static Caller toCaller(ApiKeyEntity key) {
        return new Caller(key.id, key.namespace, parseScopes(key.scopes));
    }
}
