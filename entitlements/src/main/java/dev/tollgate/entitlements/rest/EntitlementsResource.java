package dev.tollgate.entitlements.rest;

import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.EntitlementQuery;
import dev.tollgate.entitlements.service.EntitlementLookup;
import dev.tollgate.entitlements.service.EntitlementService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenMeter's namespace-wide entitlements: {@code /api/v2/entitlements}.
 */
@Path("/api/v2/entitlements")
@Tag(name = "Entitlements")
@Produces(MediaType.APPLICATION_JSON)
public class EntitlementsResource {

    private static final Set<String> TYPES = Set.of(Entitlement.METERED, Entitlement.STATIC, Entitlement.BOOLEAN);

    private final EntitlementService entitlements;
    private final EntitlementLookup lookup;
    private final CurrentCaller caller;
    private final Clock clock;

    EntitlementsResource(EntitlementService entitlements, EntitlementLookup lookup, CurrentCaller caller,
            Clock clock) {
        this.entitlements = entitlements;
        this.lookup = lookup;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List entitlements", description = "Of every customer, filtered by feature key, customer"
            + " id or key, and type")
    public EntitlementView.Page list(@QueryParam("feature") List<String> feature,
            @QueryParam("customerKeys") List<String> customerKeys,
            @QueryParam("customerIds") List<String> customerIds,
            @QueryParam("entitlementType") List<String> entitlementType,
            @Parameter(description = "Only those in force now") @QueryParam("excludeInactive")
            boolean excludeInactive, @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @Parameter(description = "createdAt (default) or updatedAt") @QueryParam("orderBy") String orderBy,
            @QueryParam("order") String order) {
        ListParameters list = ListParameters.read(page, pageSize, orderBy, order, EntitlementQuery.ORDER_BY);
        for (String type : entitlementType) {
            if (!TYPES.contains(type)) {
                throw ApiException.invalid("entitlementType", "invalid", "must be metered, static"
                        + " or boolean, not '" + type + "'");
            }
        }
        List<String> customers = null;
        if (!customerKeys.isEmpty() || !customerIds.isEmpty()) {
            customers = new ArrayList<>(customerIds);
            customers.addAll(lookup.customerIds(caller.namespace(), customerKeys));
        }
        Instant now = clock.instant();
        Paging.Page<Entitlement> found = entitlements.list(caller.namespace(), new EntitlementQuery(customers,
                feature.isEmpty() ? null : feature, entitlementType.isEmpty() ? null : entitlementType,
                excludeInactive ? now : null, false, list.orderBy(), list.descending(), list.paging()));
        Map<String, String> keys = entitlements.customerKeys(caller.namespace(),
                found.items().stream().map(Entitlement::customerId).distinct().toList());
        return new EntitlementView.Page(found.totalCount(), list.paging().page(), list.paging().pageSize(),
                found.items().stream().map(e -> EntitlementView.of(e, keys.get(e.customerId()), now)).toList());
    }

    @GET
    @Path("/{entitlementId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get an entitlement by id")
    public EntitlementView get(@PathParam("entitlementId") String id) {
        Entitlement e = entitlements.getById(caller.namespace(), id);
        return EntitlementView.of(e, entitlements.customerKeys(caller.namespace(), List.of(e.customerId()))
                .get(e.customerId()), clock.instant());
    }
}
