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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The page a finance team opens first: usage per meter over the last days, MRR, cost against revenue and the top
 * customers. Every number comes from the API, asked all at once.
 */
@Path("/console")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    private static final int TOP = 10;
    /** Months of cost against revenue, this one included. */
    private static final int MONTHS = 6;

    private final Visit visit;
    private final Clock clock;
    private final ConsoleConfig config;
    private final Template overview;

    OverviewPage(Visit visit, Clock clock, ConsoleConfig config, @Location("console/overview.html") Template overview) {
        this.visit = visit;
        this.clock = clock;
        this.config = config;
        this.overview = overview;
    }

    @GET
    public Response show(@QueryParam("days") String days, @QueryParam("tz") String tz,
            @QueryParam("meter") List<String> chosen) {
        return visit.page(session -> {
            Period period;
            try {
                period = Period.lastDays(clock, days, tz);
            } catch (IllegalArgumentException e) {
                return visit.html(overview, "overview", session, Map.of("error", e.getMessage()), 400);
            }
            ApiClient.Calls api = visit.api(session);
            // Money over whole months: the last six, this one included, in the page's zone.
            java.time.ZoneId zone = java.time.ZoneId.of(period.zone());
            java.time.LocalDate firstMonth = clock.instant().atZone(zone).toLocalDate().withDayOfMonth(1)
                    .minusMonths(MONTHS - 1L);
            Map<String, Object> months = new LinkedHashMap<>();
            months.put("from", firstMonth.atStartOfDay(zone)
                    .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            months.put("to", period.to());
            months.put("windowTimeZone", period.zone());
            months.put("windowSize", "MONTH");
            Map<String, Object> revenueQuery = new LinkedHashMap<>(months);
            revenueQuery.put("sections", "mrr,invoiced");
            CompletableFuture<ApiAnswer> meters = api.get("/api/v1/meters");
            CompletableFuture<ApiAnswer> revenue = api.report(ApiClient.path("/api/v1/reports/revenue",
                    revenueQuery));
            CompletableFuture<ApiAnswer> cost = api.report(ApiClient.path("/api/v1/reports/showback", months));
            // Top customers this month so far: finance's unit, and whole months are what the cost rollup keeps.
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("from", thisMonth(zone));
            range.put("to", period.to());
            range.put("windowTimeZone", period.zone());
            range.put("groupBy", "customer");
            CompletableFuture<ApiAnswer> margin = api.report(ApiClient.path("/api/v1/reports/margin", range));
            ApiAnswer meterList = meters.join();
            boolean choosing = chosen != null && chosen.stream().anyMatch(slug -> !slug.isBlank());
            MeterCharts usage = MeterCharts.ask(api, MeterCharts.pick(meterList.json(), chosen,
                    config.chartedMeters()), period, Map.of());
            ApiAnswer marginAnswer = margin.join();
            List<JsonNode> topRows = topByCost(marginAnswer.json().path("rows"));
            CustomerNames names = CustomerNames.ask(api, Groups.customerIds(ApiClient.JSON.valueToTree(topRows),
                    java.util.Set.of("customer")));
            Map<String, Object> data = new HashMap<>();
            data.put("period", period);
            usage.putInto(data);
            List<Map<String, Object>> options = new ArrayList<>();
            meterList.json().forEach(meter -> options.add(Map.of("name", meter.path("slug").asText(),
                    "selected", choosing && chosen.contains(meter.path("slug").asText()))));
            data.put("meterOptions", options);
            data.put("meterLimit", config.chartedMeters());
            ApiAnswer revenueAnswer = revenue.join();
            ApiAnswer costAnswer = cost.join();
            data.put("revenueError", revenueAnswer.ok() ? "" : revenueAnswer.message());
            data.put("costError", costAnswer.ok() ? "" : costAnswer.message());
            data.put("marginError", marginAnswer.ok() ? "" : marginAnswer.message());
            data.put("mrr", Views.items(revenueAnswer.json().path("mrr"), "currencies"));
            data.put("mrrAsOf", revenueAnswer.json().path("mrr").path("asOf").asText(""));
            data.put("costAgainstRevenue", costAgainstRevenue(costAnswer.json(), revenueAnswer.json(),
                    period.zone()));
            Map<String, String> named = names.join();
            data.put("top", topRows.stream().map(row -> new MarginPage.Row(Groups.shown(row.path("group"),
                    java.util.Set.of("customer"), named), row.path("currency").asText(),
                    row.path("revenue").asText(), row.path("cost").asText(), row.path("margin").asText(),
                    row.path("marginPercent").isNull() ? "" : row.path("marginPercent").asText())).toList());
            List<ApiAnswer> consulted = new ArrayList<>(List.of(meterList, revenueAnswer, costAnswer, marginAnswer));
            consulted.addAll(List.of(usage.answered()));
            return visit.html(overview, "overview", session, data, 200, consulted.toArray(ApiAnswer[]::new));
        });
    }

    private String thisMonth(java.time.ZoneId zone) {
        return clock.instant().atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone)
                .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** The customers that cost the most in the range, with their revenue and margin. */
    static List<JsonNode> topByCost(JsonNode rows) {
        List<JsonNode> all = new ArrayList<>();
        rows.forEach(all::add);
        all.sort(java.util.Comparator.comparing((JsonNode r) -> Display.amount(r.path("cost"))).reversed());
        return all.subList(0, Math.min(TOP, all.size()));
    }

    /** Per currency, showback's cost per month against the revenue invoiced that month. */
    static List<Series> costAgainstRevenue(JsonNode showback, JsonNode revenue, String zone) {
        Map<String, Series.Builder> perCurrency = new LinkedHashMap<>();
        for (JsonNode row : showback.path("data")) {
            perCurrency.computeIfAbsent(row.path("currency").asText(), c -> new Series.Builder().series("cost")
                    .series("revenue")).add(Display.window(row.path("windowStart").asText(), "MONTH", zone), "cost",
                    Display.amount(row.path("cost")));
        }
        for (JsonNode period : revenue.path("invoiced")) {
            perCurrency.computeIfAbsent(period.path("currency").asText(), c -> new Series.Builder().series("cost")
                    .series("revenue")).add(Display.window(period.path("from").asText(), "MONTH", zone), "revenue",
                    Display.amount(period.path("total")));
        }
        List<Series> charts = new ArrayList<>();
        int i = 0;
        for (var entry : perCurrency.entrySet()) {
            charts.add(entry.getValue().build("cost-revenue-" + i++, "Cost and revenue invoiced per month, "
                    + entry.getKey(), "bar", false, entry.getKey()));
        }
        return charts;
    }
}
