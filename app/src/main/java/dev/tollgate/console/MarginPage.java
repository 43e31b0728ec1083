package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.shared.auth.BrowserSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
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
import java.util.Set;

/**
 * Margin: revenue against cost per customer (or plan, feature, model), in the API's order, lowest margin first, so
 * the groups that cost more than they pay lead and are highlighted; {@code filter=negative} keeps only those.
 */
@Path("/console/reports/margin")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class MarginPage {

    static final int CHARTED = 15;
    static final int SHOWN_ROWS = 200;
    static final List<String> GROUPS = List.of("customer", "plan", "feature", "model");

    private final Visit visit;
    private final Clock clock;
    private final Template page;

    MarginPage(Visit visit, Clock clock, @Location("console/margin.html") Template page) {
        this.visit = visit;
        this.clock = clock;
        this.page = page;
    }

    @TemplateData
    public record Row(Groups.Shown group, String currency, String revenue, String cost, String margin,
            String marginPercent) {
    }

    @GET
    public Response show(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
            @QueryParam("groupBy") String groupBy, @QueryParam("filter") String filter) {
        return visit.page(session -> {
            Map<String, Object> data = new HashMap<>();
            String group = groupBy == null || groupBy.isBlank() ? "customer" : groupBy.strip();
            boolean negative = "negative".equals(filter);
            data.put("groupBy", group);
            data.put("groupOptions", GROUPS);
            data.put("negative", negative);
            Dates dates;
            try {
                dates = Dates.parse(clock, from, to, tz, today -> today.withDayOfMonth(1));
            } catch (IllegalArgumentException e) {
                data.put("dates", Dates.asEntered(from, to, tz));
                data.put("error", e.getMessage());
                return visit.html(page, "margin", session, data, 400);
            }
            data.put("dates", dates);
            Map<String, Object> query = dates.reportQuery();
            query.put("groupBy", group);
            query.put("filter", filter);
            data.put("csv", ApiClient.path("/console/download/report/margin", query));
            ApiClient.Calls api = visit.api(session);
            ApiAnswer answer = api.report(ApiClient.path("/api/v1/reports/margin", query)).join();
            if (!answer.ok()) {
                data.put("error", answer.message());
                return visit.html(page, "margin", session, data, Visit.statusOf(answer), answer);
            }
            List<JsonNode> rows = new ArrayList<>();
            answer.json().path("rows").forEach(rows::add);
            List<JsonNode> shown = rows.subList(0, Math.min(SHOWN_ROWS, rows.size()));
            Set<String> customers = group.equals("customer") ? Set.of("customer") : Set.of();
            Map<String, String> names = CustomerNames.ask(api, Groups.customerIds(ApiClient.JSON.valueToTree(shown),
                    customers)).join();
            List<Row> table = shown.stream().map(r -> new Row(Groups.shown(r.path("group"), customers, names),
                    r.path("currency").asText(), r.path("revenue").asText(), r.path("cost").asText(),
                    r.path("margin").asText(), r.path("marginPercent").isNull() ? ""
                            : r.path("marginPercent").asText())).toList();
            data.put("rows", table);
            data.put("moreRows", rows.size() - shown.size());
            data.put("charts", charts(table));
            return visit.html(page, "margin", session, data, 200, answer);
        });
    }

    /** Per currency, revenue against cost of the first groups (the lowest margins). */
    static List<Series> charts(List<Row> rows) {
        Map<String, Series.Builder> perCurrency = new LinkedHashMap<>();
        Map<String, Integer> counted = new HashMap<>();
        for (Row row : rows) {
            if (counted.merge(row.currency(), 1, Integer::sum) > CHARTED) {
                continue;
            }
            Series.Builder chart = perCurrency.computeIfAbsent(row.currency(), c -> new Series.Builder()
                    .series("revenue").series("cost"));
            chart.add(row.group().text(), "revenue", Display.decimal(row.revenue()));
            chart.add(row.group().text(), "cost", Display.decimal(row.cost()));
        }
        List<Series> charts = new ArrayList<>();
        int i = 0;
        for (var entry : perCurrency.entrySet()) {
            charts.add(entry.getValue().build("margin-" + i++, "Revenue and cost, lowest margin first, "
                    + entry.getKey(), "bar", false, entry.getKey()));
        }
        return charts;
    }
}
