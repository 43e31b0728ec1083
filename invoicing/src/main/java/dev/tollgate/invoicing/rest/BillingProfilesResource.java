package dev.tollgate.invoicing.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingProfileDraft;
import dev.tollgate.invoicing.service.BillingProfileService;
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

/** OpenMeter's billing profiles: {@code /api/v1/billing/profiles}. */
@Path("/api/v1/billing/profiles")
@Tag(name = "Billing")
@Produces(MediaType.APPLICATION_JSON)
public class BillingProfilesResource {

    private static final List<String> ORDER_BY = List.of("createdAt", "updatedAt", "default", "name");

    private final BillingProfileService profiles;
    private final CurrentCaller caller;

    BillingProfilesResource(BillingProfileService profiles, CurrentCaller caller) {
        this.profiles = profiles;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List billing profiles")
    public BillingProfileView.Page list(@QueryParam("includeArchived") boolean includeArchived,
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @QueryParam("orderBy") String orderBy, @QueryParam("order") String order,
            @QueryParam("expand") List<String> expand) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        String by = Paging.orderBy(orderBy == null ? "createdAt" : orderBy, ORDER_BY, errors);
        boolean descending = Paging.descending(order, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Paging.Page<BillingProfile> found = profiles.list(caller.namespace(), includeArchived, by, descending,
                paging);
        return new BillingProfileView.Page(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(BillingProfileView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Create a billing profile", description = "The first profile of a namespace becomes its"
            + " default; workflow settings left out take OpenMeter's defaults")
    public Response create(BillingProfileDraft draft) {
        BillingProfile created = profiles.create(caller.namespace(), requireBody(draft, "a billing profile"));
        return Response.status(Response.Status.CREATED).entity(BillingProfileView.of(created)).build();
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a billing profile")
    public BillingProfileView get(@PathParam("id") String id) {
        return BillingProfileView.of(profiles.get(caller.namespace(), id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Replace a billing profile", description = "Invoices already made keep the workflow they"
            + " were made under")
    public BillingProfileView update(@PathParam("id") String id, BillingProfileDraft draft) {
        return BillingProfileView.of(profiles.update(caller.namespace(), id, requireBody(draft, "a billing profile")));
    }

    @DELETE
    @Path("/{id}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Archive a billing profile", description = "Not the default profile: make another the"
            + " default first")
    public Response delete(@PathParam("id") String id) {
        profiles.delete(caller.namespace(), id);
        return Response.noContent().build();
    }
}
