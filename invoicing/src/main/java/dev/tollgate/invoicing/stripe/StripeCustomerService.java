package dev.tollgate.invoicing.stripe;

import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.invoicing.domain.CustomerBilling;
import dev.tollgate.invoicing.service.CustomerBillingService;
import dev.tollgate.invoicing.store.AppEntity;
import dev.tollgate.invoicing.store.AppRepository;
import dev.tollgate.invoicing.store.StripeCustomerEntity;
import dev.tollgate.invoicing.store.StripeCustomerRepository;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Customers' Stripe customers: linked by hand ({@code PUT /api/v1/customers/{id}/stripe}), or made when the customer
 * is first invoiced through Stripe, with Tollgate's customer id in the Stripe customer's metadata.
 */
@ApplicationScoped
public class StripeCustomerService {

    public static final String CUSTOMER_ID = "tollgate_customer_id";
    public static final String NAMESPACE = "tollgate_namespace";

    /** A customer's Stripe data, as OpenMeter's {@code StripeCustomerAppData} shows it. */
    public record Link(String appId, String stripeCustomerId, String defaultPaymentMethodId) {
    }

    /** A billing-portal session, as OpenMeter's {@code StripeCustomerPortalSession} shows it. */
    public record PortalSession(String stripeCustomerId, String url, String returnUrl, String locale,
            String configurationId, boolean livemode, Instant createdAt) {
    }

    private final StripeCustomerRepository links;
    private final AppRepository apps;
    private final StripeAppService appService;
    private final CustomerBillingService billing;
    private final BillingCustomers customers;
    private final StripeGateway stripe;
    private final Clock clock;

    StripeCustomerService(StripeCustomerRepository links, AppRepository apps, StripeAppService appService,
            CustomerBillingService billing, BillingCustomers customers, StripeGateway stripe, Clock clock) {
        this.links = links;
        this.apps = apps;
        this.appService = appService;
        this.billing = billing;
        this.customers = customers;
        this.stripe = stripe;
        this.clock = clock;
    }

    @Transactional
    public Link get(String namespace, String customerIdOrKey) {
        CustomerBilling customer = billing.get(namespace, customerIdOrKey);
        return links.latest(namespace, customer.customer().id())
                .map(l -> new Link(l.appId, l.stripeCustomerId, l.defaultPaymentMethodId))
                .orElseThrow(() -> ApiException.notFound("customer '" + customerIdOrKey + "' has no Stripe customer"
                        + " yet: link one with PUT, or Tollgate makes one when it first invoices the customer"));
    }

    /** Links an existing Stripe customer, checked against Stripe, under the Stripe app of the customer's profile. */
    @Transactional
    public Link link(String namespace, String customerIdOrKey, String stripeCustomerId, String paymentMethodId) {
        if (stripeCustomerId == null || !stripeCustomerId.startsWith("cus_")) {
            throw ApiException.invalid("stripeCustomerId", "invalid", "must be a Stripe customer id (cus_…)");
        }
        CustomerBilling customer = billing.get(namespace, customerIdOrKey);
        AppEntity app = appOf(customer);
        boolean exists;
        try {
            exists = stripe.customerExists(appService.connection(app), stripeCustomerId);
        } catch (StripeFailure e) {
            throw e.unavailable();
        }
        if (!exists) {
            throw ApiException.invalid("stripeCustomerId", "unknown", "names no customer in Stripe account "
                    + app.stripeAccountId + ": '" + stripeCustomerId + "'");
        }
        save(app, customer.customer().id(), namespace, stripeCustomerId, paymentMethodId);
        return new Link(app.id, stripeCustomerId, paymentMethodId);
    }

    @Transactional
    public PortalSession portal(String namespace, String customerIdOrKey, String returnUrl, String locale,
            String configurationId) {
        CustomerBilling customer = billing.get(namespace, customerIdOrKey);
        AppEntity app = appOf(customer);
        StripeCustomerEntity link = links.of(app.id, customer.customer().id()).orElseThrow(() -> ApiException
                .conflict("customer '" + customerIdOrKey + "' has no Stripe customer yet"));
        try {
            String url = stripe.portalSession(appService.connection(app), link.stripeCustomerId, returnUrl, locale,
                    configurationId);
            return new PortalSession(link.stripeCustomerId, url, returnUrl, locale, configurationId, app.livemode,
                    clock.instant());
        } catch (StripeFailure e) {
            if (e.retryable()) {
                throw e.unavailable();
            }
            throw ApiException.badRequest("Stripe refused the portal session: " + e.getMessage());
        }
    }

    /**
     * The customer's Stripe customer for the sync, made if there is none. Past Stripe's idempotency window
     * ({@code late}) Stripe is searched by metadata first, so a customer made by an attempt whose answer was lost
     * is found rather than made twice.
     */
    String ensure(AppEntity app, StripeGateway.Connection connection, String namespace, String customerId,
            boolean late) {
        Optional<StripeCustomerEntity> linked = links.of(app.id, customerId);
        if (linked.isPresent()) {
            return linked.get().stripeCustomerId;
        }
        Optional<String> found = late ? stripe.findCustomer(connection, CUSTOMER_ID, customerId) : Optional.empty();
        String stripeId = found.orElseGet(() -> {
            BillingCustomer customer = customers.byIds(namespace, java.util.List.of(customerId)).get(customerId);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(CUSTOMER_ID, customerId);
            metadata.put(NAMESPACE, namespace);
            return stripe.createCustomer(connection, new StripeGateway.CustomerDraft(
                    customer == null ? null : customer.name(), customer == null ? null : customer.primaryEmail(),
                    metadata), "tollgate:app:" + app.id + ":customer:" + customerId);
        });
        save(app, customerId, namespace, stripeId, null);
        return stripeId;
    }

    private void save(AppEntity app, String customerId, String namespace, String stripeCustomerId,
            String paymentMethodId) {
        Instant now = clock.instant();
        Optional<StripeCustomerEntity> existing = links.of(app.id, customerId);
        StripeCustomerEntity link = existing.orElseGet(StripeCustomerEntity::new);
        link.appId = app.id;
        link.customerId = customerId;
        link.namespace = namespace;
        link.stripeCustomerId = stripeCustomerId;
        link.defaultPaymentMethodId = paymentMethodId;
        link.updatedAt = now;
        if (existing.isEmpty()) {
            link.createdAt = now;
            links.persist(link); // complete before persist: Hibernate takes the insert's values now
        }
    }

    private AppEntity appOf(CustomerBilling customer) {
        String appId = customer.profile().invoicingAppId();
        if (appId == null) {
            throw ApiException.conflict("customer '" + customer.customer().id() + "' is billed by profile '"
                    + customer.profile().id() + "', which invoices with Tollgate itself, not a Stripe app");
        }
        return apps.findLive(customer.customer().namespace(), appId).orElseThrow(() -> ApiException.conflict(
                "the Stripe app of profile '" + customer.profile().id() + "' is uninstalled"));
    }
}
