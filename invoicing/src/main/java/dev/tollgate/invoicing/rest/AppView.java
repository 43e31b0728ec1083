package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tollgate.invoicing.stripe.StripeApp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code StripeApp}: never the key, only {@code maskedAPIKey}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppView(String id, String type, String name, String description, Map<String, String> metadata,
        Listing listing, String status, String stripeAccountId, boolean livemode,
        @JsonProperty("maskedAPIKey") String maskedApiKey, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    /** OpenMeter's {@code MarketplaceListing}. */
    public record Listing(String type, String name, String description, String iconUrl,
            List<Capability> capabilities) {
    }

    /** OpenMeter's {@code AppCapability}. */
    public record Capability(String type, String key, String name, String description) {
    }

    static final Listing STRIPE = new Listing("stripe", "Stripe",
            "Stripe creates, sends and collects Tollgate's invoices, and reports payments back.",
            "https://js.stripe.com/v3/fingerprinted/img/stripe-logo-blurple.svg", List.of(
                    new Capability("calculateTax", "stripe_calculate_tax", "Calculate Tax",
                            "Stripe calculates tax on the invoices it creates"),
                    new Capability("invoiceCustomers", "stripe_invoice_customers", "Invoice Customers",
                            "Stripe creates and sends the invoices"),
                    new Capability("collectPayments", "stripe_collect_payments", "Collect Payments",
                            "Stripe collects the payments")));

    static AppView of(StripeApp app) {
        return new AppView(app.id(), "stripe", app.name(), app.description(), app.metadata(), STRIPE, app.status(),
                app.stripeAccountId(), app.livemode(), app.maskedApiKey(), app.createdAt(), app.updatedAt(),
                app.deletedAt());
    }

    /** OpenMeter's {@code AppPaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<AppView> items) {
    }

    /** OpenMeter's {@code MarketplaceInstallResponse}. */
    public record Installed(AppView app, List<String> defaultForCapabilityTypes) {
    }

    /** OpenMeter's {@code MarketplaceListingPaginatedResponse}. */
    public record Listings(long totalCount, int page, int pageSize, List<Listing> items) {
    }
}
