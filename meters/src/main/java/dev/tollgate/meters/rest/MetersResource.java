package dev.tollgate.meters.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.domain.MeterDraft;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.service.MeterService;
import dev.tollgate.meters.service.UsageQueryService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter-compatible meters: {@code /api/v1/meters}. */
@Path("/api/v1/meters")
@Tag(name = "Meters")
@Produces(MediaType.APPLICATION_JSON)
public class MetersResource {

    private static final String CSV = "text/csv";

    private final MeterService meters;
    private final UsageQueryService usage;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    MetersResource(MeterService meters, UsageQueryService usage, CurrentCaller caller, ObjectMapper json) {
        this.meters = meters;
        this.usage = usage;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List meters", description = "A bare array, as in OpenMeter, sorted by slug")
    public List<MeterView> list(@QueryParam("includeDeleted") boolean includeDeleted) {
        return meters.list(caller.namespace(), includeDeleted).stream().map(MeterView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a meter", description = "Its history is backfilled from the raw event store in the"
            + " background; see GET /api/v1/meters/{meterIdOrSlug}/backfill")
    public Response create(MeterDraft draft) {
        Meter meter = meters.create(caller.namespace(), requireBody(draft, "a meter definition"));
        return Response.status(Response.Status.CREATED).entity(MeterView.of(meter)).build();
    }

    @GET
    @Path("/{meterIdOrSlug}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a meter by id or slug", description = "A deleted meter is found by its id only")
    public MeterView get(@PathParam("meterIdOrSlug") String meterIdOrSlug) {
        return MeterView.of(meters.show(caller.namespace(), meterIdOrSlug));
    }

    @PUT
    @Path("/{meterIdOrSlug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a meter", description = "Replaces name, description, metadata and groupBy. A new"
            + " groupBy re-aggregates the meter from the raw event store.")
    public MeterView update(@PathParam("meterIdOrSlug") String meterIdOrSlug, MeterDraft draft) {
        return MeterView.of(meters.update(caller.namespace(), meterIdOrSlug, requireBody(draft, "a meter definition")));
    }

    @DELETE
    @Path("/{meterIdOrSlug}")
    @Operation(summary = "Delete a meter")
    public Response delete(@PathParam("meterIdOrSlug") String meterIdOrSlug) {
        meters.delete(caller.namespace(), meterIdOrSlug);
        return Response.noContent().build();
    }

    @GET
    @Path("/{meterIdOrSlug}/backfill")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Progress of the meter's backfill from the raw event store")
    public BackfillView backfill(@PathParam("meterIdOrSlug") String meterIdOrSlug) {
        return BackfillView.of(meters.backfill(caller.namespace(), meterIdOrSlug));
    }

    @GET
    @Path("/{meterIdOrSlug}/query")
    @RequiresScope(Scope.READ)
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Query a meter's usage",
            description = "from is inclusive and to exclusive. Usage is stored per minute: a bound inside a minute"
                    + " moves to the minute's start, and the answer's from and to show the bounds used. A subject"
                    + " filter also"
                    + " splits the result by subject. Empty windows are left out. filterGroupBy[key]=value keeps"
                    + " rows whose group value matches; advancedMeterGroupByFilters, JSON such as"
                    + " {\"model\":{\"$in\":[\"o3\"]}}, takes OpenMeter's filter operators instead."
                    + " filterCustomerId keeps the customers' subjects and splits the"
                    + " result by customer. Accept: text/csv gives CSV.")
    public Response query(@PathParam("meterIdOrSlug") String meterIdOrSlug,
            @Parameter(description = "Start, inclusive (RFC 3339)") @QueryParam("from") String from,
            @Parameter(description = "End, exclusive (RFC 3339)") @QueryParam("to") String to,
            @Parameter(description = "MINUTE, HOUR, DAY or MONTH") @QueryParam("windowSize") String windowSize,
            @Parameter(description = "IANA zone for window boundaries, default UTC")
            @QueryParam("windowTimeZone") String windowTimeZone,
            @QueryParam("subject") List<String> subject,
            @QueryParam("groupBy") List<String> groupBy,
            @QueryParam("filterCustomerId") List<String> filterCustomerId,
            @Parameter(description = "JSON: group-by key to OpenMeter filter ($eq, $ne, $in, $nin, $like, $ilike,"
                    + " $contains, $gt, $lt, $exists, $and, $or, ...)")
            @QueryParam("advancedMeterGroupByFilters") String advancedMeterGroupByFilters,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        UsageQueryService.Request request = new UsageQueryService.Request(from, to, windowSize, windowTimeZone,
                subject, groupBy, DeepObjectQuery.of(uri, "filterGroupBy"), filterCustomerId,
                jsonParameter("advancedMeterGroupByFilters", advancedMeterGroupByFilters));
        return answer(meterIdOrSlug, request, headers);
    }

    @POST
    @Path("/{meterIdOrSlug}/query")
    @RequiresScope(Scope.READ)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Query a meter's usage with a JSON body", description = "The same as the GET form")
    public Response queryPost(@PathParam("meterIdOrSlug") String meterIdOrSlug, MeterQueryRequest body,
            @Context HttpHeaders headers) {
        MeterQueryRequest request = body == null
                ? new MeterQueryRequest(null, null, null, null, null, null, null, null, null) : body;
        return answer(meterIdOrSlug, request.toRequest(), headers);
    }

    @GET
    @Path("/{meterIdOrSlug}/subjects")
    @RequiresScope(Scope.READ)
    @Operation(summary = "List the subjects with usage of the meter")
    public List<String> subjects(@PathParam("meterIdOrSlug") String meterIdOrSlug) {
        return usage.subjects(meters.get(caller.namespace(), meterIdOrSlug));
    }

    @GET
    @Path("/{meterIdOrSlug}/group-by/{groupByKey}/values")
    @RequiresScope(Scope.READ)
    @Operation(summary = "List the values a group-by key took")
    public List<String> groupValues(@PathParam("meterIdOrSlug") String meterIdOrSlug,
            @PathParam("groupByKey") String groupByKey,
            @Parameter(description = "Start, inclusive (RFC 3339)") @QueryParam("from") String from,
            @Parameter(description = "End, exclusive (RFC 3339)") @QueryParam("to") String to) {
        return usage.groupValues(meters.get(caller.namespace(), meterIdOrSlug), groupByKey, from, to);
    }

    private Response answer(String meterIdOrSlug, UsageQueryService.Request request, HttpHeaders headers) {
        UsageQuery query = usage.validate(meters.get(caller.namespace(), meterIdOrSlug), request);
        List<MeterQueryResult.Row> rows = usage.run(query).stream().map(MeterQueryResult.Row::of).toList();
        MeterQueryResult result = new MeterQueryResult(query.from(), query.to(),
                query.windowSize() == null ? null : query.windowSize().name(), rows);
        if (wantsCsv(headers)) {
            return Response.ok(UsageCsv.render(result, query.groupKeys(), query.groupsByCustomer()), CSV).build();
        }
        return Response.ok(result, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** A query parameter that holds JSON, as OpenMeter's {@code content: application/json} parameters do. */
    private JsonNode jsonParameter(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(name, "format", "must be JSON, such as {\"model\":{\"$eq\":\"o3\"}}");
        }
    }

    /** CSV only when the client prefers it to JSON. */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return true;
            }
        }
        return false;
    }
}
