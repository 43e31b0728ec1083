package dev.tollgate.invoicing.rest;

import dev.tollgate.invoicing.stripe.StripeWebhooks;
import dev.tollgate.shared.auth.SignedRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The webhook Stripe calls with invoice events (OpenMeter's {@code /api/v1/apps/{id}/stripe/webhook}). */
@Path("/api/v1/apps/{id}/stripe/webhook")
@Tag(name = "Apps")
@Produces(MediaType.APPLICATION_JSON)
public class StripeWebhookResource {

    private final StripeWebhooks webhooks;

    StripeWebhookResource(StripeWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @SignedRequest
    @Operation(summary = "Stripe's webhook", description = "Called by Stripe, without an API key: the"
            + " Stripe-Signature header is verified against the endpoint's secret, with a 5-minute tolerance")
    public StripeWebhooks.Handled webhook(@PathParam("id") String appId,
            @HeaderParam("Stripe-Signature") String signature, String payload) {
        return webhooks.handle(appId, payload == null ? "" : payload, signature);
    }
}
