package dev.tollgate.finance.rest;

import dev.tollgate.finance.service.MarginCalculation;
import dev.tollgate.finance.service.MarginReports;
import dev.tollgate.finance.service.ReportRange;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.csv.Csv;
import dev.tollgate.shared.problem.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/reports/margin}: revenue minus cost per customer, plan, feature and model. */
@Path("/api/v1/reports/margin")
@Tag(name = "Reports")
public class MarginResource {

    private final MarginReports reports;
    private final CurrentCaller caller;

    MarginResource(MarginReports reports, CurrentCaller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Margin report", description = "Revenue (standing invoice lines whose service period starts"
            + " in the range) minus cost (the usage in the range at the features' unit costs), per group and"
            + " currency, lowest margin first. filter=negative keeps the groups that cost more than they pay."
            + " Accept: text/csv gives CSV. See docs/finance.md")
    public Response margin(
            @Parameter(description = "Start, inclusive (RFC 3339)", required = true) @QueryParam("from") String from,
            @Parameter(description = "End, exclusive (RFC 3339)", required = true) @QueryParam("to") String to,
            @Parameter(description = "IANA zone, default UTC") @QueryParam("windowTimeZone") String windowTimeZone,
            @Parameter(description = "customer (default), plan, feature, model; repeatable or comma-separated")
            @QueryParam("groupBy") List<String> groupBy,
            @Parameter(description = "negative: only the groups whose margin is below zero") @QueryParam("filter")
            String filter,
            @Context HttpHeaders headers) {
        ReportRange range = ReportRange.parse(from, to, null, windowTimeZone, null);
        List<String> dimensions = dimensions(groupBy);
        String only = filter == null || filter.isBlank() ? null : filter.trim();
        if (only != null && !only.equals("negative")) {
            throw ApiException.invalid("filter", "unknown", "filter must be negative, not '" + filter + "'");
        }
        MarginView view = MarginView.of(range.from(), range.to(), range.zone().getId(), dimensions, only,
                reports.report(caller.namespace(), range, dimensions, only != null));
        if (ReportFormats.wantsCsv(headers)) {
            return Response.ok(view.csv(), Csv.MEDIA_TYPE).build();
        }
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static List<String> dimensions(List<String> groupBy) {
        List<String> dimensions = new ArrayList<>();
        for (String value : groupBy == null ? List.<String>of() : groupBy) {
            for (String item : value.split(",")) {
                String dimension = item.trim();
                if (dimension.isEmpty()) {
                    continue;
                }
                if (!MarginCalculation.DIMENSIONS.contains(dimension)) {
                    throw ApiException.invalid("groupBy", "unknown", "groupBy must be among "
                            + MarginCalculation.DIMENSIONS + ", not '" + dimension + "'");
                }
                if (!dimensions.contains(dimension)) {
                    dimensions.add(dimension);
                }
            }
        }
        return dimensions.isEmpty() ? List.of(MarginCalculation.CUSTOMER) : dimensions;
    }
}
