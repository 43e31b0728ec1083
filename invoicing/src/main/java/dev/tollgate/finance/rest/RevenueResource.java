package dev.tollgate.finance.rest;

import dev.tollgate.finance.domain.ReportWindow;
import dev.tollgate.finance.domain.RevenueSection;
import dev.tollgate.finance.service.ReportRange;
import dev.tollgate.finance.service.RevenueReports;
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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/reports/revenue}: MRR, its movements, invoiced and paid revenue, projected invoices. */
@Path("/api/v1/reports/revenue")
@Tag(name = "Reports")
public class RevenueResource {

    private final RevenueReports reports;
    private final CurrentCaller caller;

    RevenueResource(RevenueReports reports, CurrentCaller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Revenue report", description = "MRR and ARR at the end of the range (or now) from active"
            + " subscriptions' recurring flat fees, per currency and plan; new, expansion, contraction, churned and"
            + " reactivated MRR per period; revenue invoiced (by issue date) and paid (by payment date) per period,"
            + " plan and feature; each customer's projected invoice from its gathering invoice. Accept: text/csv"
            + " gives one CSV table with a section column. sections= asks for only some of them. See docs/finance.md")
    public Response revenue(
            @Parameter(description = "Start, inclusive (RFC 3339)", required = true) @QueryParam("from") String from,
            @Parameter(description = "End, exclusive (RFC 3339)", required = true) @QueryParam("to") String to,
            @Parameter(description = "DAY or MONTH (default): the periods") @QueryParam("windowSize")
            String windowSize,
            @Parameter(description = "IANA zone the periods follow, default UTC") @QueryParam("windowTimeZone")
            String windowTimeZone,
            @Parameter(description = "Only this ISO 4217 currency") @QueryParam("currency") String currency,
            @Parameter(description = "Only these sections: mrr, movements, invoiced, paid, projected; repeatable or"
                    + " comma-separated; all by default") @QueryParam("sections") List<String> sections,
            @Context HttpHeaders headers) {
        ReportRange range = ReportRange.parse(from, to, windowSize, windowTimeZone, ReportWindow.Size.MONTH);
        String only = currency == null || currency.isBlank() ? null : currency.trim();
        if (only != null && !only.matches("[A-Z]{3}")) {
            throw ApiException.invalid("currency", "invalid", "currency must be an ISO 4217 code such as USD");
        }
        RevenueView view = RevenueView.of(reports.report(caller.namespace(), range, only, sections(sections)),
                only);
        if (ReportFormats.wantsCsv(headers)) {
            return Response.ok(RevenueCsv.render(view), Csv.MEDIA_TYPE).build();
        }
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Set<RevenueSection> sections(List<String> asked) {
        Set<RevenueSection> sections = EnumSet.noneOf(RevenueSection.class);
        for (String value : asked == null ? List.<String>of() : asked) {
            for (String item : value.split(",")) {
                String key = item.trim();
                if (!key.isEmpty()) {
                    sections.add(RevenueSection.byKey(key).orElseThrow(() -> ApiException.invalid("sections",
                            "unknown", "sections must be among " + Arrays.stream(RevenueSection.values())
                                    .map(RevenueSection::key).toList() + ", not '" + key + "'")));
                }
            }
        }
        return sections.isEmpty() ? EnumSet.allOf(RevenueSection.class) : sections;
    }
}
