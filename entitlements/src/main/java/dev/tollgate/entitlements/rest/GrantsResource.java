package dev.tollgate.entitlements.rest;

import dev.tollgate.entitlements.domain.Grant;
import dev.tollgate.entitlements.service.GrantService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's namespace-wide grant list ({@code /api/v2/grants}) and its v1 void ({@code /api/v1/grants}). */
public final class GrantsResource {

    private GrantsResource() {
    }

    @Path("/api/v2/grants")
    @Tag(name = "Entitlements")
    @Produces(MediaType.APPLICATION_JSON)
    public static class ListV2 {

        private final GrantService grants;
        private final CurrentCaller caller;
        private final Clock clock;

        ListV2(GrantService grants, CurrentCaller caller, Clock clock) {
            this.grants = grants;
            this.caller = caller;
            this.clock = clock;
        }

        @GET
        @RequiresScope(Scope.READ)
        @Operation(summary = "List grants", description = "Of every entitlement, filtered by feature key and customer"
                + " id or key")
        public GrantView.Page grants(@QueryParam("feature") List<String> feature,
                @QueryParam("customer") List<String> customer, @QueryParam("includeDeleted") boolean includeDeleted,
                @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
                @Parameter(description = "createdAt (default), updatedAt or id") @QueryParam("orderBy")
                String orderBy, @QueryParam("order") String order) {
            ListParameters list = ListParameters.read(page, pageSize, orderBy, order,
                    Grant.ORDER_BY);
            var found = grants.listAll(caller.namespace(), customer.isEmpty() ? null : customer,
                    feature.isEmpty() ? null : feature, includeDeleted, list.orderBy(), list.descending(),
                    list.paging());
            Instant now = clock.instant();
            return new GrantView.Page(found.totalCount(), list.paging().page(), list.paging().pageSize(),
                    found.items().stream().map(g -> GrantView.of(g, now)).toList());
        }
    }

    @Path("/api/v1/grants")
    @Tag(name = "Entitlements")
    @Produces(MediaType.APPLICATION_JSON)
    public static class VoidV1 {

        private final GrantService grants;
        private final CurrentCaller caller;

        VoidV1(GrantService grants, CurrentCaller caller) {
            this.grants = grants;
            this.caller = caller;
        }

        @DELETE
        @Path("/{grantId}")
        @Operation(summary = "Void a grant", description = "From at (default now, not in the future, not before the"
                + " current usage period) the grant counts no more; usage it covered before stays covered")
        public Response voidGrant(@PathParam("grantId") String grantId, @QueryParam("at") String at) {
            grants.voidGrant(caller.namespace(), grantId, at);
            return Response.noContent().build();
        }
    }
}
