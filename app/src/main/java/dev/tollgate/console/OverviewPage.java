package dev.tollgate.console;

import io.quarkus.qute.TemplateData;
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

    private static final int TOP = 5;

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

    /** A meter's usage chart and download, for the page. */
    @TemplateData
    public record MeterUsage(String slug, String name, Chart chart, String csv, ApiAnswer answer) {

        /** Worth a chart: it has usage in the range, or its query failed (the page says why). */
        public boolean charted() {
            return !chart.empty() || !answer.ok();
        }
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
            Map<String, Object> range = Map.of("from", period.from(), "to", period.to());
            CompletableFuture<ApiAnswer> meters = api.get("/api/v1/meters");
            CompletableFuture<ApiAnswer> revenue = api.get(ApiClient.path("/api/v1/reports/revenue", range));
            CompletableFuture<ApiAnswer> margin = api.get(ApiClient.path("/api/v1/reports/margin", range));
            ApiAnswer meterList = meters.join();
            boolean choosing = chosen != null && chosen.stream().anyMatch(slug -> !slug.isBlank());
            List<JsonNode> charted = pick(meterList.json(), chosen, config.chartedMeters());
            List<CompletableFuture<ApiAnswer>> usage = charted.stream().map(meter -> api.get(ApiClient.path(
                    "/api/v1/meters/" + ApiClient.segment(meter.path("slug").asText()) + "/query",
                    usageQuery(period, "DAY")))).toList();
            CompletableFuture<ApiAnswer> top = charted.isEmpty() ? null : api.get(ApiClient.path("/api/v1/meters/"
                    + ApiClient.segment(charted.get(0).path("slug").asText()) + "/query",
                    Map.of("from", period.from(), "to", period.to(), "groupBy", "subject")));
            List<MeterUsage> charts = new ArrayList<>();
            for (int i = 0; i < charted.size(); i++) {
                JsonNode meter = charted.get(i);
                String slug = meter.path("slug").asText();
                ApiAnswer answer = usage.get(i).join();
                charts.add(new MeterUsage(slug, meter.path("name").asText(slug),
                        Chart.usageOverTime("usage-" + i, "Usage of " + slug + " per day", answer.json()),
                        ApiClient.path("/console/download/usage/" + ApiClient.segment(slug),
                                usageQuery(period, "DAY")), answer));
            }
            Map<String, Object> data = new HashMap<>();
            data.put("period", period);
            data.put("meters", charts.stream().filter(MeterUsage::charted).toList());
            data.put("idleMeters", charts.stream().filter(m -> !m.charted()).map(MeterUsage::slug).toList());
            List<Map<String, Object>> options = new ArrayList<>();
            meterList.json().forEach(meter -> options.add(Map.of("name", meter.path("slug").asText(),
                    "selected", choosing && chosen.contains(meter.path("slug").asText()))));
            data.put("meterOptions", options);
            data.put("meterLimit", config.chartedMeters());
            if (top != null) {
                ApiAnswer topAnswer = top.join();
                data.put("topMeter", charted.get(0).path("slug").asText());
                data.put("top", Chart.ranked("top-customers", "Top customers by usage of "
                        + charted.get(0).path("slug").asText(), "usage", topAnswer.json().path("data"), "subject",
                        "value", TOP));
                data.put("topAnswer", topAnswer);
            }
            ApiAnswer revenueAnswer = revenue.join();
            ApiAnswer marginAnswer = margin.join();
            data.put("revenue", Report.of(revenueAnswer));
            data.put("mrr", Views.items(revenueAnswer.json().path("mrr"), "currencies"));
            data.put("mrrAsOf", revenueAnswer.json().path("mrr").path("asOf").asText(""));
            data.put("margin", Report.of(marginAnswer));
            data.put("marginChart", Chart.inOrder("margin", "Margin per customer, lowest first", "margin",
                    marginAnswer.json().path("rows"), "group", "margin", TOP * 2));
            return visit.html(overview, "overview", session, data, 200, meterList);
        });
    }

    /** The meters asked for ({@code ?meter=slug}, repeatable), else the first ones listed; at most {@code limit}. */
    static List<JsonNode> pick(JsonNode meters, List<String> chosen, int limit) {
        boolean choosing = chosen != null && chosen.stream().anyMatch(slug -> !slug.isBlank());
        List<JsonNode> picked = new ArrayList<>();
        meters.forEach(meter -> {
            if (picked.size() < limit && (!choosing || chosen.contains(meter.path("slug").asText()))) {
                picked.add(meter);
            }
        });
        return picked;
    }

    static Map<String, Object> usageQuery(Period period, String windowSize) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("from", period.from());
        query.put("to", period.to());
        query.put("windowSize", windowSize);
        query.put("windowTimeZone", period.zone());
        return query;
    }
}
