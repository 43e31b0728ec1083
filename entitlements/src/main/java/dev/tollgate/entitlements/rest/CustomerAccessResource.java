package dev.tollgate.entitlements.rest;

import dev.tollgate.entitlements.service.BalanceService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenMeter's v1 customer access and value endpoints. Each has its own full path: the catalog's customer resource owns
 * {@code /api/v1/customers}, and a shared shorter prefix would hide its routes.
 */
public final class CustomerAccessResource {

    private CustomerAccessResource() {
    }

    /** {@code GET /api/v1/customers/{customerIdOrKey}/access}. */
    @Path("/api/v1/customers/{customerIdOrKey}/access")
    @Tag(name = "Entitlements")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Access {

        private final BalanceService balances;
        private final CurrentCaller caller;

        Access(BalanceService balances, CurrentCaller caller) {
            this.balances = balances;
            this.caller = caller;
        }

        @GET
        @RequiresScope(Scope.READ)
        @Operation(summary = "Get a customer's access", description = "The value of every entitlement in force now,"
                + " by feature key")
        public ValueView.Access access(@PathParam("customerIdOrKey") String customer) {
            Map<String, ValueView> values = new LinkedHashMap<>();
            balances.access(caller.namespace(), customer).forEach((key, value) -> values.put(key,
                    ValueView.of(value)));
            return new ValueView.Access(values);
        }
    }

    /** {@code GET /api/v1/customers/{customerIdOrKey}/entitlements/{featureKey}/value}. */
    @Path("/api/v1/customers/{customerIdOrKey}/entitlements/{featureKey}/value")
    @Tag(name = "Entitlements")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Value {

        private final BalanceService balances;
        private final CurrentCaller caller;

        Value(BalanceService balances, CurrentCaller caller) {
            this.balances = balances;
            this.caller = caller;
        }

        @GET
        @RequiresScope(Scope.READ)
        @Operation(summary = "Get a customer's entitlement value by feature key")
        public ValueView value(@PathParam("customerIdOrKey") String customer,
                @PathParam("featureKey") String feature, @QueryParam("time") String time) {
            return ValueView.of(balances.value(caller.namespace(), customer, feature,
                    Rfc3339.parameter("time", time)));
        }
    }
}
