package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.shared.auth.BrowserSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Showback, chargeback, revenue and margin as the API reports them, with charts and CSV downloads. A report this
 * Tollgate does not serve shows as not available.
 */
@Path("/console/reports")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class ReportPages {

    private static final int BARS = 12;
    /** What showback groups by (issue 15): customer, department, feature, or a meter dimension. */
    private static final List<String> GROUPS = List.of("customer", "department", "feature", "model", "route",
            "provider");

    private final Visit visit;
    private final Clock clock;
    private final Template reports;

    ReportPages(Visit visit, Clock clock, @Location("console/reports.html") Template reports) {
        this.visit = visit;
        this.clock = clock;
        this.reports = reports;
    }

    /** A revenue section's periods as points: one per period and currency, labelled by its start and currency. */
    static List<Chart.Point> periods(JsonNode rows, String field) {
        List<Chart.Point> points = new java.util.ArrayList<>();
        rows.forEach(row -> points.add(new Chart.Point(Chart.windowLabel(row.path("from").asText()) + " "
                + row.path("currency").asText(), row.path(field).decimalValue())));
        return points;
    }

    @GET
    public Response show(@QueryParam("days") String days, @QueryParam("tz") String tz,
            @QueryParam("windowSize") String windowSize, @QueryParam("groupBy") List<String> groupBy) {
        return visit.page(session -> {
            Period period;
            try {
                period = Period.lastDays(clock, days, tz);
            } catch (IllegalArgumentException e) {
                return visit.html(reports, "reports", session, Map.of("error", e.getMessage()), 400);
            }
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("from", period.from());
            range.put("to", period.to());
            range.put("windowTimeZone", period.zone());
            Map<String, Object> showbackQuery = new LinkedHashMap<>(range);
            showbackQuery.put("windowSize", windowSize);
            List<String> groups = groupBy == null || groupBy.isEmpty() ? List.of("department") : groupBy;
            showbackQuery.put("groupBy", groups);
            ApiClient.Calls api = visit.api(session);
            CompletableFuture<ApiAnswer> showback = api.get(ApiClient.path("/api/v1/reports/showback",
                    showbackQuery));
            CompletableFuture<ApiAnswer> revenue = api.get(ApiClient.path("/api/v1/reports/revenue", range));
            CompletableFuture<ApiAnswer> margin = api.get(ApiClient.path("/api/v1/reports/margin", range));
            CompletableFuture<ApiAnswer> chargeback = api.get("/api/v1/chargeback/runs");
            Report showbackReport = Report.of(showback.join());
            Map<String, Object> data = new HashMap<>();
            data.put("period", period);
            data.put("windowSize", windowSize == null ? "" : windowSize);
            data.put("windowSizes", List.of("DAY", "MONTH"));
            data.put("groupOptions", GROUPS.stream().map(g -> Map.of("name", g, "checked", groups.contains(g)))
                    .toList());
            data.put("showback", showbackReport);
            data.put("showbackChart", Chart.ranked("showback-cost", "Cost per group", "cost",
                    showbackReport.json().path("data"), "group", "cost", BARS));
            data.put("showbackCsv", ApiClient.path("/console/download/report/showback", showbackQuery));
            ApiAnswer revenueAnswer = revenue.join();
            data.put("revenue", Report.of(revenueAnswer));
            data.put("mrrChart", Chart.of("mrr-closing", "MRR at the end of each period", "line", "MRR",
                    periods(revenueAnswer.json().path("movements"), "closing")));
            data.put("invoicedChart", Chart.of("invoiced", "Invoiced per period", "bar", "invoiced",
                    periods(revenueAnswer.json().path("invoiced"), "total")));
            data.put("revenueCsv", ApiClient.path("/console/download/report/revenue", range));
            ApiAnswer marginAnswer = margin.join();
            data.put("margin", Report.of(marginAnswer));
            data.put("marginChart", Chart.inOrder("margin", "Margin per group, lowest first", "margin",
                    marginAnswer.json().path("rows"), "group", "margin", BARS));
            data.put("marginCsv", ApiClient.path("/console/download/report/margin", range));
            data.put("chargeback", Report.of(chargeback.join()));
            return visit.html(reports, "reports", session, data, 200);
        });
    }
}
