package dev.tollgate.finance.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.finance.domain.ChargebackPlan;
import dev.tollgate.finance.domain.ChargebackPlanDraft;
import dev.tollgate.finance.service.ChargebackPlanService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tollgate's chargeback plans ({@code /api/v1/chargeback/plans}): how costs become internal invoices. */
@Path("/api/v1/chargeback/plans")
@Tag(name = "Chargeback")
@Produces(MediaType.APPLICATION_JSON)
public class ChargebackPlansResource {

    private final ChargebackPlanService plans;
    private final CurrentCaller caller;

    ChargebackPlansResource(ChargebackPlanService plans, CurrentCaller caller) {
        this.plans = plans;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List chargeback plans", description = "Newest first; deleted ones with includeDeleted")
    public ChargebackPlanView.Page list(@QueryParam("includeDeleted") boolean includeDeleted,
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Paging.Page<ChargebackPlan> found = plans.list(caller.namespace(), includeDeleted, paging);
        return new ChargebackPlanView.Page(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(ChargebackPlanView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Create a chargeback plan", description = "Departments from departmentKey (a customer"
            + " metadata key) or departmentLevel (the hierarchy, default 1); markupPercent 0 charges at cost;"
            + " allocationRules share a platform customer's or a feature's cost, proportional or fixed")
    public Response create(ChargebackPlanDraft draft) {
        ChargebackPlan created = plans.create(caller.namespace(), requireBody(draft, "a chargeback plan"));
        return Response.status(Response.Status.CREATED).entity(ChargebackPlanView.of(created)).build();
    }

    @GET
    @Path("/{planId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a chargeback plan", description = "Deleted ones too, with deletedAt")
    public ChargebackPlanView get(@PathParam("planId") String id) {
        return ChargebackPlanView.of(plans.get(caller.namespace(), id));
    }

    @PUT
    @Path("/{planId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Replace a chargeback plan", description = "Runs already made keep the plan they were"
            + " made with")
    public ChargebackPlanView replace(@PathParam("planId") String id, ChargebackPlanDraft draft) {
        return ChargebackPlanView.of(plans.replace(caller.namespace(), id, requireBody(draft, "a chargeback plan")));
    }

    @DELETE
    @Path("/{planId}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Delete a chargeback plan", description = "Its runs stay")
    public Response delete(@PathParam("planId") String id) {
        plans.delete(caller.namespace(), id);
        return Response.noContent().build();
    }
}
