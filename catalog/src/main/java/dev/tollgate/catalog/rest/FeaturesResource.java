package dev.tollgate.catalog.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.catalog.domain.Feature;
import dev.tollgate.catalog.domain.FeatureDraft;
import dev.tollgate.catalog.domain.FeatureQuery;
import dev.tollgate.catalog.service.FeatureService;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter-compatible features: {@code /api/v1/features}. There is no update: a feature is only archived. */
@Path("/api/v1/features")
@Tag(name = "Features")
@Produces(MediaType.APPLICATION_JSON)
public class FeaturesResource {

    private final FeatureService features;
    private final CurrentCaller caller;

    FeaturesResource(FeatureService features, CurrentCaller caller) {
        this.features = features;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List features", description = "A bare array, as in OpenMeter, unless page or pageSize is"
            + " given: then {totalCount, page, pageSize, items}")
    public Response list(@Parameter(description = "Only features of these meters") @QueryParam("meterSlug")
            List<String> meterSlug,
            @QueryParam("includeArchived") boolean includeArchived,
            @Parameter(description = "From 1") @QueryParam("page") String page,
            @Parameter(description = "1 to 1000, default 100") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "key (default), id, name, createdAt or updatedAt") @QueryParam("orderBy")
            String orderBy,
            @Parameter(description = "ASC (default) or DESC") @QueryParam("order") String order) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = page == null && pageSize == null ? null : Paging.parse(page, pageSize, errors);
        FeatureQuery query = new FeatureQuery(meterSlug, includeArchived,
                Paging.orderBy(orderBy, FeatureQuery.ORDER_BY, errors), Paging.descending(order, errors),
                paging);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Paging.Page<Feature> found = features.list(caller.namespace(), query);
        List<FeatureView> items = found.items().stream().map(FeatureView::of).toList();
        if (paging == null) {
            return Response.ok(items).build();
        }
        return Response.ok(new FeaturePage(found.totalCount(), paging.page(), paging.pageSize(), items)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a feature", description = "Metered when meterSlug names a SUM, COUNT, UNIQUE_COUNT"
            + " or LATEST meter; meterGroupByFilters keep only usage with those group values")
    public Response create(FeatureDraft draft) {
        Feature feature = features.create(caller.namespace(), requireBody(draft, "a feature definition"));
        return Response.status(Response.Status.CREATED).entity(FeatureView.of(feature)).build();
    }

    @GET
    @Path("/{featureId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a feature by id or key", description = "Archived features are found too")
    public FeatureView get(@PathParam("featureId") String featureId) {
        return FeatureView.of(features.get(caller.namespace(), featureId));
    }

    @DELETE
    @Path("/{featureId}")
    @Operation(summary = "Archive a feature", description = "As in OpenMeter, a feature is archived, never removed:"
            + " published plan versions keep it, new plan versions cannot use it, and its key may be used again")
    public Response delete(@PathParam("featureId") String featureId) {
        features.archive(caller.namespace(), featureId);
        return Response.noContent().build();
    }
}
