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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Showback: what each group used and cost, over windows (stacked bars, a bar per window, a colour per group) and over
 * the whole range (a table with each group's share), with totals per currency and the API's warnings. Two calls at
 * once: the windows, and the whole range, so that the shares are the API's own.
 */
@Path("/console/reports/showback")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class ShowbackPage {

    /** Groups drawn in their own colour; the others are drawn together as "other". */
    static final int CHARTED_GROUPS = 8;
    static final int SHOWN_ROWS = 200;
    static final List<String> GROUPS = List.of("department", "customer", "feature", "meter", "model", "provider",
            "route");

    private final Visit visit;
    private final Clock clock;
    private final Template page;

    ShowbackPage(Visit visit, Clock clock, @Location("console/showback.html") Template page) {
        this.visit = visit;
        this.clock = clock;
        this.page = page;
    }

    /** One group over the whole range. */
    @TemplateData
    public record Row(Groups.Shown group, String currency, Object usage, Object cost, Object share) {
    }

    @GET
    public Response show(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
            @QueryParam("windowSize") String windowSize, @QueryParam("groupBy") String groupBy,
            @QueryParam("departmentKey") String departmentKey, @QueryParam("departmentLevel") String level) {
        return visit.page(session -> {
            Map<String, Object> data = new HashMap<>();
            // This month in one window by default: finance's unit, and what the cost rollup keeps at hand.
            String size = windowSize == null || windowSize.isBlank() ? "MONTH" : windowSize.strip();
            String group = groupBy == null || groupBy.isBlank() ? "department" : groupBy.strip();
            data.put("windowSize", size);
            data.put("groupBy", group);
            data.put("groupOptions", GROUPS);
            data.put("windowSizes", List.of("HOUR", "DAY", "MONTH"));
            data.put("departmentKey", departmentKey == null ? "" : departmentKey);
            data.put("departmentLevel", level == null ? "" : level);
            Dates dates;
            try {
                dates = Dates.parse(clock, from, to, tz, today -> today.withDayOfMonth(1));
            } catch (IllegalArgumentException e) {
                data.put("dates", Dates.asEntered(from, to, tz));
                data.put("error", e.getMessage());
                return visit.html(page, "showback", session, data, 400);
            }
            data.put("dates", dates);
            Map<String, Object> query = dates.reportQuery();
            query.put("groupBy", group);
            query.put("departmentKey", departmentKey);
            query.put("departmentLevel", level);
            Map<String, Object> windowed = new LinkedHashMap<>(query);
            windowed.put("windowSize", size);
            ApiClient.Calls api = visit.api(session);
            CompletableFuture<ApiAnswer> overWindows = api.report(ApiClient.path("/api/v1/reports/showback",
                    windowed));
            CompletableFuture<ApiAnswer> overRange = api.report(ApiClient.path("/api/v1/reports/showback", query));
            ApiAnswer whole = overRange.join();
            ApiAnswer windows = overWindows.join();
            data.put("csv", ApiClient.path("/console/download/report/showback", windowed));
            if (!whole.ok() || !windows.ok()) {
                ApiAnswer refused = whole.ok() ? windows : whole;
                data.put("error", refused.message());
                return visit.html(page, "showback", session, data, Visit.statusOf(refused), refused);
            }
            Set<String> customerDimensions = new HashSet<>();
            if (group.equals("customer") || group.equals("department") && blank(departmentKey)) {
                customerDimensions.add(group);
            }
            List<JsonNode> rows = new ArrayList<>();
            whole.json().path("data").forEach(rows::add);
            rows.sort(Comparator.comparing((JsonNode r) -> Display.amount(r.path("cost"))).reversed());
            List<JsonNode> shownRows = rows.subList(0, Math.min(SHOWN_ROWS, rows.size()));
            Map<String, String> names = CustomerNames.ask(api, Groups.customerIds(
                    ApiClient.JSON.valueToTree(shownRows), customerDimensions)).join();
            data.put("rows", shownRows.stream().map(r -> new Row(Groups.shown(r.path("group"), customerDimensions,
                    names), r.path("currency").asText(), r.path("usage").asText(), r.path("cost").asText(),
                    r.path("share").asText())).toList());
            data.put("moreRows", rows.size() - shownRows.size());
            data.put("totals", Views.items(whole.json(), "totals"));
            data.put("warnings", Views.items(windows.json(), "warnings"));
            data.put("charts", charts(windows.json(), rows, customerDimensions, names, size, dates.zone()));
            return visit.html(page, "showback", session, data, 200, whole, windows);
        });
    }

    /** Per currency, cost per window stacked by group: the costliest groups each, the rest as "other". */
    static List<Series> charts(JsonNode report, List<JsonNode> byCost, Set<String> customerDimensions,
            Map<String, String> names, String size, String zone) {
        Map<String, Series.Builder> perCurrency = new LinkedHashMap<>();
        Map<String, List<String>> charted = new HashMap<>();
        for (JsonNode row : byCost) {
            List<String> top = charted.computeIfAbsent(row.path("currency").asText(), c -> new ArrayList<>());
            if (top.size() < CHARTED_GROUPS) {
                top.add(Groups.shown(row.path("group"), customerDimensions, names).text());
            }
        }
        for (JsonNode row : report.path("data")) {
            String currency = row.path("currency").asText();
            String label = Display.window(row.path("windowStart").asText(), size, zone);
            String group = Groups.shown(row.path("group"), customerDimensions, names).text();
            List<String> top = charted.getOrDefault(currency, List.of());
            Series.Builder chart = perCurrency.computeIfAbsent(currency, c -> {
                Series.Builder b = new Series.Builder();
                top.forEach(b::series);
                return b;
            });
            chart.add(label, top.contains(group) ? group : "other", Display.amount(row.path("cost")));
        }
        List<Series> charts = new ArrayList<>();
        int i = 0;
        for (var entry : perCurrency.entrySet()) {
            charts.add(entry.getValue().build("showback-" + i++, "Cost per " + size.toLowerCase(java.util.Locale.ROOT)
                    + " by group, " + entry.getKey(), "bar", true, entry.getKey()));
        }
        return charts;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
