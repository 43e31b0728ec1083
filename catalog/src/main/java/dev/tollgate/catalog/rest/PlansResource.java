package dev.tollgate.catalog.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;
import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.catalog.domain.PlanDraft;
import dev.tollgate.catalog.domain.PlanQuery;
import dev.tollgate.catalog.domain.PlanStatus;
import dev.tollgate.catalog.domain.PlanWithStatus;
import dev.tollgate.catalog.service.PlanService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.web.DeepObjectQuery;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter-compatible versioned plans: {@code /api/v1/plans}. */
@Path("/api/v1/plans")
@Tag(name = "Plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {

    private final PlanService plans;
    private final CurrentCaller caller;

    PlansResource(PlanService plans, CurrentCaller caller) {
        this.plans = plans;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List plan versions", description = "{totalCount, page, pageSize, items}, as in OpenMeter."
            + " keyVersion[pro]=1&keyVersion[pro]=2 picks versions of a key.")
    public PlanPage list(@QueryParam("id") List<String> id, @QueryParam("key") List<String> key,
            @Parameter(description = "draft, active, archived or scheduled") @QueryParam("status") List<String> status,
            @QueryParam("currency") List<String> currency, @QueryParam("includeDeleted") boolean includeDeleted,
            @Parameter(description = "From 1") @QueryParam("page") String page,
            @Parameter(description = "1 to 1000, default 100") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "id (default), key, version, created_at or updated_at") @QueryParam("orderBy")
            String orderBy,
            @Parameter(description = "ASC (default) or DESC") @QueryParam("order") String order,
            @Context UriInfo uri) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        PlanQuery query = new PlanQuery(id, key, keyVersions(uri, errors), statuses(status, errors), currency,
                includeDeleted, Paging.orderBy(orderBy, PlanQuery.ORDER_BY, errors),
                Paging.descending(order, errors), paging);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Paging.Page<PlanWithStatus> found = plans.list(caller.namespace(), query);
        return new PlanPage(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(PlanView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a draft plan version", description = "Version 1 of a new key, or the next version"
            + " of an existing key (refused while the key has a draft)")
    public Response create(PlanDraft draft) {
        PlanView created = PlanView.of(plans.create(caller.namespace(), requireBody(draft, "a plan definition")));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("/{planId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a plan version by id, or a key's active version by key")
    public PlanView get(@PathParam("planId") String planId,
            @Parameter(description = "By key: the latest version, draft included, instead of the active one")
            @QueryParam("includeLatest") boolean includeLatest) {
        return PlanView.of(plans.get(caller.namespace(), planId, includeLatest));
    }

    @PUT
    @Path("/{planId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a draft", description = "Only a draft changes; key and currency are fixed")
    public PlanView update(@PathParam("planId") String planId, PlanDraft draft) {
        return PlanView.of(plans.update(caller.namespace(), planId, requireBody(draft, "a plan definition")));
    }

    @DELETE
    @Path("/{planId}")
    @Operation(summary = "Delete a plan version", description = "Soft delete; an active version must be archived"
            + " first")
    public Response delete(@PathParam("planId") String planId) {
        plans.delete(caller.namespace(), planId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{planId}/publish")
    @Operation(summary = "Publish a draft", description = "Active from now; the key's previous active version is"
            + " archived at the same instant")
    public PlanView publish(@PathParam("planId") String planId) {
        return PlanView.of(plans.publish(caller.namespace(), planId));
    }

    @POST
    @Path("/{planId}/archive")
    @Operation(summary = "Archive the active version")
    public PlanView archive(@PathParam("planId") String planId) {
        return PlanView.of(plans.archive(caller.namespace(), planId));
    }

    @POST
    @Path("/{planIdOrKey}/next")
    @Operation(summary = "Start a new draft version", description = "Copies the version given by id, or a key's"
            + " latest version")
    public Response next(@PathParam("planIdOrKey") String planIdOrKey) {
        PlanView created = PlanView.of(plans.next(caller.namespace(), planIdOrKey));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    private static List<PlanStatus> statuses(List<String> names, List<ValidationError> errors) {
        List<PlanStatus> statuses = new ArrayList<>();
        for (String name : names) {
            Optional<PlanStatus> status = PlanStatus.fromApiName(name);
            if (status.isPresent()) {
                statuses.add(status.get());
            } else {
                errors.add(new ValidationError("status", "invalid", "status must be draft, active, archived or"
                        + " scheduled, not '" + name + "'"));
            }
        }
        return statuses;
    }

    /** {@code keyVersion[pro]=1&keyVersion[pro]=2}: the versions asked for, by plan key. */
    private static Map<String, List<Integer>> keyVersions(UriInfo uri, List<ValidationError> errors) {
        Map<String, List<Integer>> versions = new LinkedHashMap<>();
        DeepObjectQuery.of(uri, "keyVersion").forEach((key, values) -> {
            String name = "keyVersion[" + key + "]";
            List<Integer> numbers = new ArrayList<>();
            for (String value : values) {
                try {
                    numbers.add(Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    errors.add(error(name, "invalid", "must be a version number, not '" + value + "'"));
                }
            }
            versions.put(key, numbers);
        });
        return versions;
    }
}
