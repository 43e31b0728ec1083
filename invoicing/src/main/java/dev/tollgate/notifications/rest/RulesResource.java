package dev.tollgate.notifications.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.notifications.domain.RuleDraft;
import dev.tollgate.notifications.service.EventService;
import dev.tollgate.notifications.service.RuleService;
import dev.tollgate.notifications.store.RuleEntity;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's notification rules ({@code /api/v1/notification/rules}). */
@Path("/api/v1/notification/rules")
@Tag(name = "Notifications")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private static final List<String> ORDER_BY = List.of("id", "type", "createdAt", "updatedAt");

    private final RuleService rules;
    private final EventService events;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;

    RulesResource(RuleService rules, EventService events, CurrentCaller caller, ObjectMapper mapper) {
        this.rules = rules;
        this.events = events;
        this.caller = caller;
        this.mapper = mapper;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List notification rules", description = "Live ones; disabled ones with includeDisabled")
    public RuleView.Page list(@QueryParam("includeDisabled") boolean includeDisabled,
            @QueryParam("includeDeleted") boolean includeDeleted, @QueryParam("feature") List<String> feature,
            @QueryParam("channel") List<String> channel, @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize, @QueryParam("orderBy") String orderBy,
            @QueryParam("order") String order) {
        ListQuery query = ListQuery.read(page, pageSize, orderBy, order, ORDER_BY, false);
        Paging.Page<RuleEntity> found = rules.list(caller.namespace(), includeDisabled, query.orderBy(),
                query.descending(), query.paging());
        var channels = rules.channelsOf(found.items());
        return new RuleView.Page(found.totalCount(), query.paging().page(), query.paging().pageSize(),
                found.items().stream().map(r -> RuleView.of(r, channels, true)).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Create a notification rule", description = "entitlements.balance.threshold,"
            + " entitlements.reset, invoice.created or invoice.updated")
    public Response create(RuleDraft draft) {
        RuleEntity created = rules.create(caller.namespace(), requireBody(draft, "a notification rule"));
        return Response.status(Response.Status.CREATED).entity(view(created, false)).build();
    }

    @GET
    @Path("/{ruleId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a notification rule", description = "Deleted ones too, with deletedAt")
    public RuleView get(@PathParam("ruleId") String id) {
        return view(rules.get(caller.namespace(), id), true);
    }

    @PUT
    @Path("/{ruleId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Replace a notification rule", description = "Its type cannot change")
    public RuleView replace(@PathParam("ruleId") String id, RuleDraft draft) {
        return view(rules.replace(caller.namespace(), id, requireBody(draft, "a notification rule")), false);
    }

    @DELETE
    @Path("/{ruleId}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Delete a notification rule")
    public Response delete(@PathParam("ruleId") String id) {
        rules.delete(caller.namespace(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{ruleId}/test")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Test a notification rule", description = "Sends an event of the rule's type, made of"
            + " sample data, to the rule's channels")
    public Response test(@PathParam("ruleId") String id) {
        EventService.EventRecord event = events.test(caller.namespace(), id);
        return Response.status(Response.Status.CREATED).entity(EventView.of(event, rules.channelsOf(List.of(
                event.rule())), mapper)).build();
    }

    private RuleView view(RuleEntity rule, boolean activeOnly) {
        return RuleView.of(rule, rules.channelsOf(List.of(rule)), activeOnly);
    }
}
