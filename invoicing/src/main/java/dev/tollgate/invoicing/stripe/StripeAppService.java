package dev.tollgate.invoicing.stripe;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingProfileDraft;
import dev.tollgate.invoicing.service.BillingProfileService;
import dev.tollgate.invoicing.store.AppEntity;
import dev.tollgate.invoicing.store.AppRepository;
import dev.tollgate.invoicing.store.BillingProfileRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Installs Stripe apps with a secret API key, as OpenMeter's marketplace does: the key is checked against Stripe,
 * a webhook endpoint is registered so that payment outcomes come back, and both secrets are sealed before they are
 * stored. Neither secret appears in an answer, a log line or an error.
 */
@ApplicationScoped
public class StripeAppService {

    private static final Logger LOG = Logger.getLogger(StripeAppService.class);
    public static final String TYPE = "stripe";
    /** The Stripe events Tollgate listens to (docs/stripe.md). */
    public static final List<String> EVENTS = List.of("invoice.paid", "invoice.payment_failed", "invoice.voided",
            "invoice.marked_uncollectible", "invoice.finalization_failed", "invoice.overdue",
            "invoice.payment_action_required");
    private static final Pattern KEY = Pattern.compile("^(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$");

    private final AppRepository apps;
    private final BillingProfileRepository profileRows;
    private final BillingProfileService profiles;
    private final StripeGateway stripe;
    private final StripeConfig config;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final Clock clock;

    StripeAppService(AppRepository apps, BillingProfileRepository profileRows, BillingProfileService profiles,
            StripeGateway stripe, StripeConfig config, SecretBox secrets, ObjectMapper json, Clock clock) {
        this.apps = apps;
        this.profileRows = profileRows;
        this.profiles = profiles;
        this.stripe = stripe;
        this.config = config;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
    }

    /** What installing made: the app, and the capabilities it became the default for. */
    public record Installed(StripeApp app, List<String> defaultForCapabilityTypes) {
    }

    @Transactional
    public Installed install(String namespace, String name, String apiKey, Boolean createBillingProfile) {
        requireKey("apiKey", apiKey);
        if (!secrets.canSeal()) {
            throw ApiException.conflict("Tollgate stores no secret without a master key: set"
                    + " tollgate.secrets.master-key (TOLLGATE_SECRETS_MASTER_KEY) first; see docs/stripe.md");
        }
        String id = UlidCreator.getMonotonicUlid().toString();
        StripeGateway.Connection connection = new StripeGateway.Connection(config.apiBase(), apiKey);
        StripeGateway.Account account = checked("apiKey", () -> stripe.account(connection));
        Instant now = clock.instant();
        AppEntity app = new AppEntity();
        app.id = id;
        app.namespace = namespace;
        app.type = TYPE;
        app.name = name == null || name.isBlank() ? "Stripe" : name.trim();
        app.metadata = "{}";
        app.status = "ready";
        app.apiBase = config.apiBase();
        app.stripeAccountId = account.id();
        app.livemode = account.livemode();
        app.maskedApiKey = mask(apiKey);
        app.apiKeySealed = secrets.seal(apiKey, keyContext(id));
        app.createdAt = now;
        app.updatedAt = now;
        config.webhookBaseUrl().filter(u -> !u.isBlank()).ifPresentOrElse(base -> {
            StripeGateway.WebhookEndpoint endpoint = checked("apiKey", () -> stripe.createWebhookEndpoint(connection,
                    base.replaceAll("/+$", "") + "/api/v1/apps/" + id + "/stripe/webhook", EVENTS, id,
                    "tollgate:app:" + id + ":webhook"));
            app.webhookEndpointId = endpoint.id();
            app.webhookSecretSealed = secrets.seal(endpoint.secret(), webhookContext(id));
        }, () -> LOG.warnf("Stripe app %s installed without a webhook endpoint: tollgate.stripe.webhook-base-url is"
                + " not set, so payment outcomes will not come back from Stripe", id));
        apps.persist(app);
        List<String> defaults = List.of();
        if (!Boolean.FALSE.equals(createBillingProfile)) {
            defaults = billingProfileFor(app);
        }
        LOG.infof("installed Stripe app %s (account %s, %s mode) in namespace %s", id, account.id(),
                account.livemode() ? "live" : "test", namespace);
        return new Installed(view(app), defaults);
    }

    /**
     * A billing profile that invoices through the new app. It becomes the default when the default bills with
     * Tollgate's own invoicing, as OpenMeter's install does when its default uses the sandbox app.
     */
    private List<String> billingProfileFor(AppEntity app) {
        BillingProfile current = profiles.defaultProfile(app.namespace);
        boolean makeDefault = current.invoicingAppId() == null;
        profiles.create(app.namespace, new BillingProfileDraft(app.name + " billing profile",
                "Invoices and collects through Stripe app " + app.id, null,
                current.supplier() == null ? new BillingParty(null, null, app.namespace, null, null)
                        : current.supplier(), makeDefault, current.workflow(),
                json.valueToTree(Map.of("invoicing", app.id, "payment", app.id, "tax", app.id))));
        return makeDefault ? List.of("invoiceCustomers", "collectPayments", "calculateTax") : List.of();
    }

    @Transactional
    public StripeApp get(String namespace, String id) {
        return view(live(namespace, id));
    }

    @Transactional
    public Paging.Page<StripeApp> list(String namespace, Paging paging) {
        return new Paging.Page<>(apps.page(namespace, paging.page(), paging.pageSize()).stream().map(this::view)
                .toList(), apps.countLive(namespace));
    }

    /** Replaces the app's API key, checked against Stripe first: it must be the same Stripe account's. */
    @Transactional
    public StripeApp replaceKey(String namespace, String id, String apiKey) {
        requireKey("secretAPIKey", apiKey);
        AppEntity app = live(namespace, id);
        StripeGateway.Account account = checked("secretAPIKey", () -> stripe.account(
                new StripeGateway.Connection(app.apiBase, apiKey)));
        if (!account.id().equals(app.stripeAccountId)) {
            throw ApiException.invalid("secretAPIKey", "other_account", "belongs to Stripe account " + account.id()
                    + ", not to this app's " + app.stripeAccountId);
        }
        app.apiKeySealed = secrets.seal(apiKey, keyContext(id));
        app.maskedApiKey = mask(apiKey);
        app.updatedAt = clock.instant();
        return view(app);
    }

    /** Uninstalls the app; refused while a billing profile invoices through it. */
    @Transactional
    public void uninstall(String namespace, String id) {
        AppEntity app = live(namespace, id);
        long using = profileRows.count("namespace = ?1 and invoicingAppId = ?2 and deletedAt is null", namespace, id);
        if (using > 0) {
            throw ApiException.conflict("app " + id + " invoices for " + using + " billing profile(s): point them at"
                    + " another app, or delete them, first");
        }
        if (app.webhookEndpointId != null) {
            try {
                stripe.deleteWebhookEndpoint(connection(app), app.webhookEndpointId);
            } catch (StripeFailure e) {
                LOG.warnf("could not delete Stripe webhook endpoint %s of app %s: %s", app.webhookEndpointId, id,
                        e.getMessage());
            }
        }
        Instant now = clock.instant();
        app.status = "unauthorized";
        app.deletedAt = now;
        app.updatedAt = now;
    }

    /** How to call Stripe as the app. */
    public StripeGateway.Connection connection(AppEntity app) {
        return new StripeGateway.Connection(app.apiBase, secrets.open(app.apiKeySealed, keyContext(app.id)));
    }

    /** The app's webhook signing secret; empty when no endpoint was registered. */
    public java.util.Optional<String> webhookSecret(AppEntity app) {
        return java.util.Optional.ofNullable(app.webhookSecretSealed)
                .map(sealed -> secrets.open(sealed, webhookContext(app.id)));
    }

    AppEntity live(String namespace, String id) {
        return apps.findLive(namespace, id).filter(a -> TYPE.equals(a.type))
                .orElseThrow(() -> ApiException.notFound("no app has id '" + id + "'"));
    }

    private static void requireKey(String field, String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw ApiException.invalid(field, "required", "is required: a Stripe secret or restricted key");
        }
        if (!KEY.matcher(apiKey).matches()) {
            throw ApiException.invalid(field, "invalid", "is not a Stripe secret or restricted key (sk_test_…,"
                    + " sk_live_…, rk_test_…, rk_live_…)");
        }
    }

    private interface StripeCall<T> {
        T call();
    }

    /** A Stripe call made for a request: Stripe's refusal of the key is the client's mistake, a 4xx naming it. */
    private static <T> T checked(String field, StripeCall<T> call) {
        try {
            return call.call();
        } catch (StripeFailure e) {
            if (e.retryable()) {
                throw e.unavailable();
            }
            throw ApiException.invalid(field, "refused_by_stripe", "Stripe refused it: " + e.getMessage());
        }
    }

    static String mask(String apiKey) {
        int prefix = apiKey.indexOf('_', 3) + 1;
        return apiKey.substring(0, prefix) + "****" + apiKey.substring(apiKey.length() - 4);
    }

    private static String keyContext(String appId) {
        return "app/" + appId + "/stripe-api-key";
    }

    private static String webhookContext(String appId) {
        return "app/" + appId + "/stripe-webhook-secret";
    }

    private StripeApp view(AppEntity app) {
        Map<String, String> metadata;
        try {
            metadata = json.readValue(app.metadata, new TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            metadata = Map.of();
        }
        return new StripeApp(app.id, app.namespace, app.name, app.description, metadata, app.status,
                app.stripeAccountId, app.livemode, app.maskedApiKey, app.webhookEndpointId != null, app.createdAt,
                app.updatedAt, app.deletedAt);
    }
}
