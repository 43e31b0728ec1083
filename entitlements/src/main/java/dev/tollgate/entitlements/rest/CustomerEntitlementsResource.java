package dev.tollgate.entitlements.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.EntitlementDrafts;
import dev.tollgate.entitlements.domain.EntitlementQuery;
import dev.tollgate.entitlements.domain.Grant;
import dev.tollgate.entitlements.domain.HistoryWindows;
import dev.tollgate.entitlements.service.BalanceService;
import dev.tollgate.entitlements.service.EntitlementService;
import dev.tollgate.entitlements.service.GrantService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.time.Rfc3339;
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
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's customer entitlements: {@code /api/v2/customers/{customerIdOrKey}/entitlements}. */
@Path("/api/v2/customers/{customerIdOrKey}/entitlements")
@Tag(name = "Entitlements")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerEntitlementsResource {

    private final EntitlementService entitlements;
    private final GrantService grants;
    private final BalanceService balances;
    private final CurrentCaller caller;
    private final Clock clock;

    CustomerEntitlementsResource(EntitlementService entitlements, GrantService grants, BalanceService balances,
            CurrentCaller caller, Clock clock) {
        this.entitlements = entitlements;
        this.grants = grants;
        this.balances = balances;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a customer entitlement", description = "metered, static or boolean; 409 when the"
            + " customer already has an entitlement to the feature in force")
    public Response create(@PathParam("customerIdOrKey") String customer, EntitlementDrafts.Create draft) {
        Entitlement created = entitlements.create(caller.namespace(), customer,
                requireBody(draft, "an entitlement"));
        return Response.status(Response.Status.CREATED).entity(view(created)).build();
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List a customer's entitlements")
    public EntitlementView.Page list(@PathParam("customerIdOrKey") String customer,
            @QueryParam("includeDeleted") boolean includeDeleted, @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize,
            @Parameter(description = "createdAt (default) or updatedAt") @QueryParam("orderBy") String orderBy,
            @QueryParam("order") String order) {
        ListParameters list = ListParameters.read(page, pageSize, orderBy, order, EntitlementQuery.ORDER_BY);
        Paging.Page<Entitlement> found = entitlements.listOfCustomer(caller.namespace(), customer, includeDeleted,
                list.orderBy(), list.descending(), list.paging());
        return new EntitlementView.Page(found.totalCount(), list.paging().page(), list.paging().pageSize(),
                found.items().stream().map(this::view).toList());
    }

    @GET
    @Path("/{entitlementIdOrFeatureKey}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a customer entitlement", description = "By id, or the one in force to the feature key")
    public EntitlementView get(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement) {
        return view(entitlements.get(caller.namespace(), customer, entitlement));
    }

    @DELETE
    @Path("/{entitlementIdOrFeatureKey}")
    @Operation(summary = "Delete a customer entitlement", description = "It ends now; its history stays readable")
    public Response delete(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement) {
        entitlements.delete(caller.namespace(), customer, entitlement);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{entitlementIdOrFeatureKey}/override")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Override a customer entitlement", description = "Ends the entitlement in force now and"
            + " starts a new one for the same feature; nothing carries over")
    public Response override(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement, EntitlementDrafts.Create draft) {
        Entitlement created = entitlements.override(caller.namespace(), customer, entitlement,
                requireBody(draft, "an entitlement"));
        return Response.status(Response.Status.CREATED).entity(view(created)).build();
    }

    @POST
    @Path("/{entitlementIdOrFeatureKey}/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset a metered entitlement's usage", description = "Within the current usage period, not"
            + " in the future; grants roll over and the overage is forgiven unless preserved")
    public Response reset(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement, EntitlementDrafts.Reset request) {
        entitlements.reset(caller.namespace(), customer, entitlement, request);
        return Response.noContent().build();
    }

    @GET
    @Path("/{entitlementIdOrFeatureKey}/value")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a customer entitlement's value", description = "At time (default now); an entitlement"
            + " that is not found or not in force then answers hasAccess false")
    public ValueView value(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement, @QueryParam("time") String time) {
        return ValueView.of(balances.value(caller.namespace(), customer, entitlement,
                Rfc3339.parameter("time", time)));
    }

    @GET
    @Path("/{entitlementIdOrFeatureKey}/history")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a metered entitlement's balance history", description = "Windows of windowSize"
            + " (MINUTE, HOUR, DAY, MONTH) in windowTimeZone (default UTC) with usage and balance at start, and the"
            + " burn-down segments")
    public HistoryView history(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("windowSize") String windowSize,
            @QueryParam("windowTimeZone") String windowTimeZone) {
        if (windowSize == null) {
            throw ApiException.invalid("windowSize", "required", "is required: MINUTE, HOUR, DAY or"
                    + " MONTH");
        }
        if (!HistoryWindows.SIZES.contains(windowSize)) {
            throw ApiException.invalid("windowSize", "invalid", "must be MINUTE, HOUR, DAY or MONTH");
        }
        ZoneId zone = zone(windowTimeZone);
        return HistoryView.of(balances.history(caller.namespace(), customer, entitlement,
                Rfc3339.parameter("from", from), Rfc3339.parameter("to", to), windowSize, zone));
    }

    @GET
    @Path("/{entitlementIdOrFeatureKey}/grants")
    @RequiresScope(Scope.READ)
    @Operation(summary = "List a metered entitlement's grants")
    public GrantView.Page grants(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement,
            @QueryParam("includeDeleted") boolean includeDeleted, @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize,
            @Parameter(description = "createdAt (default), updatedAt or id") @QueryParam("orderBy") String orderBy,
            @QueryParam("order") String order) {
        ListParameters list = ListParameters.read(page, pageSize, orderBy, order,
                Grant.ORDER_BY);
        var found = grants.list(caller.namespace(), customer, entitlement, includeDeleted, list.orderBy(),
                list.descending(), list.paging());
        var now = clock.instant();
        return new GrantView.Page(found.totalCount(), list.paging().page(), list.paging().pageSize(),
                found.items().stream().map(g -> GrantView.of(g, now)).toList());
    }

    @POST
    @Path("/{entitlementIdOrFeatureKey}/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant to a metered entitlement", description = "amount over priority (1 burns first),"
            + " from effectiveAt (floored to the minute, not before the current usage period), optionally expiring and"
            + " recurring")
    public Response grant(@PathParam("customerIdOrKey") String customer,
            @PathParam("entitlementIdOrFeatureKey") String entitlement, EntitlementDrafts.GrantCreate draft) {
        var created = grants.create(caller.namespace(), customer, entitlement, requireBody(draft, "a grant"));
        return Response.status(Response.Status.CREATED).entity(GrantView.of(created, clock.instant())).build();
    }

    private EntitlementView view(Entitlement e) {
        String key = entitlements.customerKeys(caller.namespace(), List.of(e.customerId()))
                .get(e.customerId());
        return EntitlementView.of(e, key, clock.instant());
    }

    static ZoneId zone(String name) {
        if (name == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw ApiException.invalid("windowTimeZone", "invalid", "must be an IANA time zone such"
                    + " as Europe/Berlin, not '" + name + "'");
        }
    }
}
