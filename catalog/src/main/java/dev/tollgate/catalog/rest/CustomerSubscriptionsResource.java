package dev.tollgate.catalog.rest;

import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.service.SubscriptionService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A customer's subscriptions: {@code GET /api/v1/customers/{customerIdOrKey}/subscriptions}, as in OpenMeter. */
@Path("/api/v1/customers/{customerIdOrKey}/subscriptions")
@Tag(name = "Subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerSubscriptionsResource {

    private final SubscriptionService subscriptions;
    private final CurrentCaller caller;
    private final Clock clock;

    CustomerSubscriptionsResource(SubscriptionService subscriptions, CurrentCaller caller, Clock clock) {
        this.subscriptions = subscriptions;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List a customer's subscriptions", description = "The latest start first; paginated")
    public SubscriptionPageView list(@PathParam("customerIdOrKey") String customerIdOrKey,
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Paging.Page<Subscription> found = subscriptions.ofCustomer(caller.namespace(), customerIdOrKey, paging);
        Instant now = clock.instant();
        return new SubscriptionPageView(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(s -> SubscriptionView.of(s, now)).toList());
    }
}
