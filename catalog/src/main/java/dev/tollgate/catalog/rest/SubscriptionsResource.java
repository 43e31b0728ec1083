package dev.tollgate.catalog.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.domain.SubscriptionTiming;
import dev.tollgate.catalog.domain.SubscriptionDrafts;
import dev.tollgate.catalog.service.SubscriptionService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter-compatible subscriptions: {@code /api/v1/subscriptions}. */
@Path("/api/v1/subscriptions")
@Tag(name = "Subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionsResource {

    /** OpenMeter's answer to a plan change: the subscription as it ends, and the one that follows it. */
    public record ChangeView(SubscriptionView current, SubscriptionExpandedView next) {
    }

    private final SubscriptionService subscriptions;
    private final CurrentCaller caller;
    private final Clock clock;

    SubscriptionsResource(SubscriptionService subscriptions, CurrentCaller caller, Clock clock) {
        this.subscriptions = subscriptions;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a customer to a plan", description = "The plan key's active version, or a pinned"
            + " published version. 409 when the customer already has a subscription at that time.")
    public Response create(SubscriptionDrafts.Create draft) {
        Subscription created = subscriptions.create(caller.namespace(), requireBody(draft, "a subscription request"));
        return Response.status(Response.Status.CREATED).entity(SubscriptionView.of(created, clock.instant()))
                .build();
    }

    @GET
    @Path("/{subscriptionId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a subscription with its phases and billing periods")
    public SubscriptionExpandedView get(@PathParam("subscriptionId") String id,
            @Parameter(description = "RFC 3339; the time the status and current period are given for, default now")
            @QueryParam("at") String at) {
        Instant when = at == null || at.isBlank() ? clock.instant() : SubscriptionTiming.instant("at", at.trim());
        Subscription subscription = subscriptions.get(caller.namespace(), id);
        return SubscriptionExpandedView.of(subscription, subscriptions.planOf(subscription), when);
    }

    @POST
    @Path("/{subscriptionId}/change")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the plan", description = "timing: immediate (default), next_billing_cycle or a"
            + " date-time. Ends this subscription then and starts one on the new plan with the same billing anchor.")
    public ChangeView change(@PathParam("subscriptionId") String id, SubscriptionDrafts.Change draft) {
        return changeView(subscriptions.change(caller.namespace(), id, requireBody(draft, "a subscription request")));
    }

    @POST
    @Path("/{subscriptionId}/migrate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Migrate to a newer version of the plan", description = "targetVersion defaults to the"
            + " plan's active version; timing as for a change (default immediate). Answers as a change does.")
    public ChangeView migrate(@PathParam("subscriptionId") String id, SubscriptionDrafts.Migrate draft) {
        SubscriptionDrafts.Migrate body = draft == null
                ? new SubscriptionDrafts.Migrate(null, null, null, null) : draft;
        return changeView(subscriptions.migrate(caller.namespace(), id, body));
    }

    @POST
    @Path("/{subscriptionId}/cancel")
    @Operation(summary = "Cancel", description = "timing: immediate (default), next_billing_cycle (the end of the"
            + " current period) or a date-time")
    public SubscriptionView cancel(@PathParam("subscriptionId") String id, SubscriptionDrafts.Cancel draft) {
        SubscriptionDrafts.Cancel body = draft == null ? new SubscriptionDrafts.Cancel(null) : draft;
        return SubscriptionView.of(subscriptions.cancel(caller.namespace(), id, body), clock.instant());
    }

    @POST
    @Path("/{subscriptionId}/unschedule-cancelation")
    @Operation(summary = "Undo a scheduled cancelation")
    public SubscriptionView unscheduleCancelation(@PathParam("subscriptionId") String id) {
        return SubscriptionView.of(subscriptions.unscheduleCancelation(caller.namespace(), id), clock.instant());
    }

    @DELETE
    @Path("/{subscriptionId}")
    @Operation(summary = "Delete a subscription that has not started")
    public Response delete(@PathParam("subscriptionId") String id) {
        subscriptions.delete(caller.namespace(), id);
        return Response.noContent().build();
    }

    private ChangeView changeView(SubscriptionService.Change change) {
        Instant now = clock.instant();
        return new ChangeView(SubscriptionView.of(change.current(), now), SubscriptionExpandedView.of(change.next(),
                subscriptions.planOf(change.next()), now));
    }
}
