package dev.tollgate.finance.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.finance.domain.LlmPrice;
import dev.tollgate.finance.domain.LlmPriceDraft;
import dev.tollgate.finance.service.LlmPriceService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenMeter's v3 per-namespace LLM price overrides ({@code /api/v1/llm-cost/overrides}). Unlike OpenMeter, a POST
 * never updates a price: it adds one that takes over from its effective_from, so past costs are never rewritten.
 */
@Path("/api/v1/llm-cost/overrides")
@Tag(name = "LLM cost")
@Produces(MediaType.APPLICATION_JSON)
public class LlmOverridesResource {

    private final LlmPriceService prices;
    private final CurrentCaller caller;

    LlmOverridesResource(LlmPriceService prices, CurrentCaller caller) {
        this.prices = prices;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List LLM cost overrides", description = "The same filters, sort and pages as the prices")
    public LlmPriceView.Page list(@Context UriInfo uri) {
        return LlmPriceList.page(LlmPriceList.views(prices.all(caller.namespace())), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Create an LLM cost override", description = "A price of a provider's model from"
            + " effective_from (until effective_to, or the next price). 409 when it would start with, overlap or"
            + " rewrite the past of another price of the same provider, model and currency")
    public Response create(LlmPriceDraft draft) {
        String namespace = caller.namespace();
        LlmPrice created = prices.create(namespace, requireBody(draft, "an LLM price"));
        LlmPriceView view = LlmPriceList.views(prices.all(namespace)).stream()
                .filter(v -> v.id().equals(created.id())).findFirst().orElseThrow();
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    @DELETE
    @Path("/{priceId}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Delete an LLM cost override", description = "Only before it takes effect: 409 after")
    public Response delete(@PathParam("priceId") String priceId) {
        prices.delete(caller.namespace(), priceId);
        return Response.noContent().build();
    }
}
