package dev.tollgate.finance.rest;

import dev.tollgate.finance.service.LlmPriceService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's v3 LLM cost prices ({@code /api/v1/llm-cost/prices}): the cost table showback prices tokens with. */
@Path("/api/v1/llm-cost/prices")
@Tag(name = "LLM cost")
@Produces(MediaType.APPLICATION_JSON)
public class LlmPricesResource {

    private final LlmPriceService prices;
    private final CurrentCaller caller;

    LlmPricesResource(LlmPriceService prices, CurrentCaller caller) {
        this.prices = prices;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List LLM cost prices", description = "The namespace's prices (its overrides; no price"
            + " list is synced from outside), each with the instant it stops applying. filter[provider][eq],"
            + " filter[model_id][eq], filter[currency][eq] (also [neq], [contains]); sort=model.id|provider.id|id|"
            + "effective_from|effective_to [asc|desc]; page[size], page[number]")
    public LlmPriceView.Page list(@Context UriInfo uri) {
        return LlmPriceList.page(LlmPriceList.views(prices.all(caller.namespace())), uri);
    }

    @GET
    @Path("/{priceId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get an LLM cost price")
    public LlmPriceView get(@PathParam("priceId") String priceId) {
        String namespace = caller.namespace();
        prices.get(namespace, priceId);
        return LlmPriceList.views(prices.all(namespace)).stream().filter(v -> v.id().equals(priceId)).findFirst()
                .orElseThrow();
    }
}
