package dev.tollgate.invoicing.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingProfileDraft;
import dev.tollgate.invoicing.domain.BillingProfileRules;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.invoicing.store.BillingProfileEntity;
import dev.tollgate.invoicing.store.BillingProfileRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Billing profiles, as in OpenMeter: exactly one default per namespace once any exists. A namespace that bills before
 * anyone created a profile gets a default one with OpenMeter's workflow defaults, so that invoicing works out of the
 * box; its supplier is named after the namespace until someone edits it.
 */
@ApplicationScoped
public class BillingProfileService {

    /**
     * The default profile of each namespace, read at most every few seconds: a billing run asks for it once per
     * customer. A change made here is seen at once; one made by another process within {@link #DEFAULT_TTL_NANOS}.
     */
    private record CachedDefault(BillingProfile profile, long readAt) {
    }

    private static final long DEFAULT_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private final java.util.Map<String, CachedDefault> defaults = new java.util.concurrent.ConcurrentHashMap<>();

    private final BillingProfileRepository profiles;
    private final dev.tollgate.invoicing.store.AppRepository apps;
    private final Clock clock;

    BillingProfileService(BillingProfileRepository profiles, dev.tollgate.invoicing.store.AppRepository apps,
            Clock clock) {
        this.profiles = profiles;
        this.apps = apps;
        this.clock = clock;
    }

    @Transactional
    public BillingProfile create(String namespace, BillingProfileDraft draft) {
        defaults.remove(namespace);
        requireValid(draft);
        profiles.lockNamespace(namespace);
        boolean makeDefault = Boolean.TRUE.equals(draft.isDefault()) || profiles.findDefault(namespace).isEmpty();
        if (makeDefault) {
            profiles.clearDefault(namespace);
        }
        Instant now = clock.instant();
        BillingProfileEntity e = new BillingProfileEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.createdAt = now;
        apply(e, draft, makeDefault, now);
        profiles.persist(e);
        return profiles.toDomain(e);
    }

    @Transactional
    public BillingProfile get(String namespace, String id) {
        return profiles.toDomain(profiles.findAny(namespace, id).orElseThrow(() -> notFound(id)));
    }

    @Transactional
    public Paging.Page<BillingProfile> list(String namespace, boolean includeArchived, String orderBy,
            boolean descending, Paging paging) {
        Paging.Page<BillingProfileEntity> page = profiles.page(namespace, includeArchived, orderBy, descending,
                paging);
        return new Paging.Page<>(page.items().stream().map(profiles::toDomain).toList(), page.totalCount());
    }

    /** Replaces the profile; the default moves to it when it asks, and cannot be given up without a successor. */
    @Transactional
    public BillingProfile update(String namespace, String id, BillingProfileDraft draft) {
        defaults.remove(namespace);
        requireValid(draft);
        profiles.lockNamespace(namespace);
        BillingProfileEntity e = profiles.findLive(namespace, id).orElseThrow(() -> notFound(id));
        boolean makeDefault = Boolean.TRUE.equals(draft.isDefault());
        if (e.isDefault && !makeDefault) {
            throw ApiException.invalid("default", "required", "cannot be false for the default profile: make another"
                    + " profile the default instead");
        }
        if (makeDefault && !e.isDefault) {
            profiles.clearDefault(namespace);
        }
        apply(e, draft, makeDefault, clock.instant());
        return profiles.toDomain(e);
    }

    @Transactional
    public void delete(String namespace, String id) {
        defaults.remove(namespace);
        profiles.lockNamespace(namespace);
        BillingProfileEntity e = profiles.findLive(namespace, id).orElseThrow(() -> notFound(id));
        if (e.isDefault) {
            throw ApiException.conflict("profile " + id + " is the default; make another profile the default first");
        }
        Instant now = clock.instant();
        e.deletedAt = now;
        e.updatedAt = now;
    }

    /** The namespace's default profile, made with OpenMeter's defaults when the namespace has none yet. */
    @Transactional
    public BillingProfile defaultProfile(String namespace) {
        CachedDefault cached = defaults.get(namespace);
        if (cached != null && System.nanoTime() - cached.readAt() < DEFAULT_TTL_NANOS) {
            return cached.profile();
        }
        BillingProfile found = readDefault(namespace);
        defaults.put(namespace, new CachedDefault(found, System.nanoTime()));
        return found;
    }

    private BillingProfile readDefault(String namespace) {
        return profiles.findDefault(namespace).map(profiles::toDomain).orElseGet(() -> {
            profiles.lockNamespace(namespace);
            return profiles.findDefault(namespace).map(profiles::toDomain).orElseGet(() -> create(namespace,
                    new BillingProfileDraft("Default", "Made by Tollgate the first time this namespace billed",
                            null, new BillingParty(null, null, namespace, null, null), true, null, null)));
        });
    }

    /** A live profile of the namespace, for pinning a customer to it. */
    @Transactional
    public BillingProfile live(String namespace, String id, String field) {
        return profiles.findLive(namespace, id).map(profiles::toDomain).orElseThrow(() ->
                ApiException.invalid(field, "unknown", "names no billing profile: '" + id + "'"));
    }

    private void apply(BillingProfileEntity e, BillingProfileDraft draft, boolean isDefault, Instant now) {
        e.name = draft.name().trim();
        e.description = draft.description();
        e.isDefault = isDefault;
        e.updatedAt = now;
        BillingWorkflow workflow = draft.workflow() == null ? BillingWorkflow.DEFAULTS : draft.workflow().complete();
        profiles.write(e, draft.metadata(), draft.supplier(), workflow);
        draft.invoicingApp().ifPresent(app -> e.invoicingAppId = invoicingApp(e.namespace, app));
    }

    /** The installed app a profile may name, or null for the built-in custom invoicing app. */
    private String invoicingApp(String namespace, String appId) {
        if (BillingProfile.CUSTOM_INVOICING_APP.equals(appId)) {
            return null;
        }
        return apps.findLive(namespace, appId).map(a -> a.id).orElseThrow(() -> ApiException.invalid(
                "apps.invoicing", "unknown", "names no installed app: '" + appId + "'"));
    }

    private static void requireValid(BillingProfileDraft draft) {
        List<ValidationError> errors = BillingProfileRules.check(ApiException.requireBody(draft, "a billing profile"));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no billing profile has id '" + id + "'");
    }
}
