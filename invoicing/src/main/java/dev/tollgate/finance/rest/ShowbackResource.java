package dev.tollgate.finance.rest;

import dev.tollgate.finance.service.ShowbackService;
import dev.tollgate.finance.service.UsageCosts;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.csv.Csv;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Showback ({@code /api/v1/reports/showback}): what each part of the organisation used and what it cost. */
@Path("/api/v1/reports/showback")
@Tag(name = "Reports")
public class ShowbackResource {

    private final ShowbackService showback;
    private final CurrentCaller caller;

    ShowbackResource(ShowbackService showback, CurrentCaller caller) {
        this.showback = showback;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Showback report", description = "Usage and cost of the metered features per window and"
            + " group, with each group's share of its window's total in its currency (of the cost, or of the usage"
            + " when that costs nothing), totals per currency and warnings about usage that could not be costed."
            + " Accept: text/csv gives the rows as CSV")
    public Response get(@Parameter(description = "RFC 3339, inclusive") @QueryParam("from") String from,
            @Parameter(description = "RFC 3339, exclusive") @QueryParam("to") String to,
            @Parameter(description = "MINUTE, HOUR, DAY or MONTH; one window when absent") @QueryParam("windowSize")
            String windowSize,
            @Parameter(description = "IANA zone of the windows, UTC by default") @QueryParam("windowTimeZone")
            String windowTimeZone,
            @Parameter(description = "customer, department, feature, meter or a meter group-by key such as model;"
                    + " repeatable") @QueryParam("groupBy") List<String> groupBy,
            @Parameter(description = "Departments by this customer metadata key, such as costCenter")
            @QueryParam("departmentKey") String departmentKey,
            @Parameter(description = "Departments by hierarchy: the ancestor this deep below the root"
                    + " organisation, 1 by default") @QueryParam("departmentLevel") String departmentLevel,
            @Context HttpHeaders headers) {
        UsageCosts.Query query = showback.query(caller.namespace(), new ShowbackService.Request(from, to, windowSize,
                windowTimeZone, groupBy, departmentKey, departmentLevel));
        ShowbackView view = ShowbackView.of(query, showback.run(query));
        if (wantsCsv(headers)) {
            return Response.ok(view.csv(), Csv.MEDIA_TYPE).build();
        }
        return Response.ok(view, MediaType.APPLICATION_JSON).build();
    }

    /** CSV only when the client prefers it to JSON, as the meter query decides. */
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
