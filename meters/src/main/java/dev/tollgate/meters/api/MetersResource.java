package dev.tollgate.meters.api;

import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.service.MeterService;
import dev.tollgate.meters.service.UsageQueryService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter-compatible meter reads: {@code /api/v1/meters}. */
@Path("/api/v1/meters")
@Tag(name = "Meters")
@Produces(MediaType.APPLICATION_JSON)
public class MetersResource {

    private final MeterService meters;
    private final UsageQueryService usage;
    private final CurrentCaller caller;

    MetersResource(MeterService meters, UsageQueryService usage, CurrentCaller caller) {
        this.meters = meters;
        this.usage = usage;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List meters", description = "A bare array, as in OpenMeter")
    public List<MeterView> list() {
        return meters.list(caller.namespace()).stream().map(MeterView::of).toList();
    }

    @GET
    @Path("/{meterIdOrSlug}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a meter by id or slug")
    public MeterView get(@PathParam("meterIdOrSlug") String meterIdOrSlug) {
        return MeterView.of(meters.get(caller.namespace(), meterIdOrSlug));
    }

    @GET
    @Path("/{meterIdOrSlug}/query")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Query a meter's usage",
            description = "from is inclusive and to exclusive; both must fall on a whole minute. A subject filter also"
                    + " splits the result by subject. Empty windows are left out.")
    public MeterQueryResult query(@PathParam("meterIdOrSlug") String meterIdOrSlug,
            @Parameter(description = "Start, inclusive (RFC 3339)") @QueryParam("from") String from,
            @Parameter(description = "End, exclusive (RFC 3339)") @QueryParam("to") String to,
            @Parameter(description = "MINUTE, HOUR, DAY or MONTH") @QueryParam("windowSize") String windowSize,
            @Parameter(description = "IANA zone for window boundaries, default UTC")
            @QueryParam("windowTimeZone") String windowTimeZone,
            @QueryParam("subject") List<String> subject,
            @QueryParam("groupBy") List<String> groupBy) {
        UsageQueryService.Request request = new UsageQueryService.Request(from, to, windowSize, windowTimeZone,
                subject, groupBy);
        UsageQuery validated = usage.validate(meters.get(caller.namespace(), meterIdOrSlug), request);
        List<MeterQueryResult.Row> rows = usage.run(validated).stream().map(MeterQueryResult.Row::of).toList();
        return new MeterQueryResult(validated.from(), validated.to(),
                validated.windowSize() == null ? null : validated.windowSize().name(), rows);
    }
}
