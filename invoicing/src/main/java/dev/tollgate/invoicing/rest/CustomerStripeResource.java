package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.invoicing.stripe.StripeCustomerService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's Stripe endpoints for a customer: its Stripe data and a billing-portal session. */
@Path("/api/v1/customers/{customerIdOrKey}/stripe")
@Tag(name = "Apps")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerStripeResource {

    /** OpenMeter's {@code StripeCustomerAppDataBase}. */
    public record CustomerData(String stripeCustomerId, String stripeDefaultPaymentMethodId) {
    }

    /** OpenMeter's {@code StripeCustomerAppData}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CustomerAppData(String id, String type, String stripeCustomerId,
            String stripeDefaultPaymentMethodId) {
        static CustomerAppData of(StripeCustomerService.Link link) {
            return new CustomerAppData(link.appId(), "stripe", link.stripeCustomerId(),
                    link.defaultPaymentMethodId());
        }
    }

    /** OpenMeter's {@code CreateStripeCustomerPortalSessionParams}. */
    public record PortalRequest(String configurationId, String locale, String returnUrl) {
    }

    /** OpenMeter's {@code StripeCustomerPortalSession}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PortalSession(String id, String stripeCustomerId, String configurationId, boolean livemode,
            Instant createdAt, String returnUrl, String locale, String url) {
    }

    private final StripeCustomerService customers;
    private final CurrentCaller caller;

    CustomerStripeResource(StripeCustomerService customers, CurrentCaller caller) {
        this.customers = customers;
        this.caller = caller;
    }

    @GET
        @RequiresScope(Scope.READ)
    @Operation(summary = "Get a customer's Stripe data")
    public CustomerAppData get(@PathParam("customerIdOrKey") String customer) {
        return CustomerAppData.of(customers.get(caller.namespace(), customer));
    }

    @PUT
        @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Link a customer to an existing Stripe customer", description = "Under the Stripe app of"
            + " the customer's billing profile; the Stripe customer must exist in that account")
    public CustomerAppData link(@PathParam("customerIdOrKey") String customer, CustomerData body) {
        CustomerData data = dev.tollgate.shared.problem.ApiException.requireBody(body, "the customer's Stripe data");
        return CustomerAppData.of(customers.link(caller.namespace(), customer, data.stripeCustomerId(),
                data.stripeDefaultPaymentMethodId()));
    }

    @POST
    @Path("/portal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Create a Stripe billing-portal session for a customer")
    public Response portal(@PathParam("customerIdOrKey") String customer, PortalRequest body) {
        PortalRequest request = body == null ? new PortalRequest(null, null, null) : body;
        StripeCustomerService.PortalSession session = customers.portal(caller.namespace(), customer,
                request.returnUrl(), request.locale(), request.configurationId());
        return Response.status(Response.Status.CREATED).entity(new PortalSession(null, session.stripeCustomerId(),
                session.configurationId(), session.livemode(), session.createdAt(), session.returnUrl(),
                session.locale(), session.url())).build();
    }
}
