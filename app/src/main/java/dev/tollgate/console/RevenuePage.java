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
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Revenue: MRR and ARR per currency as headline figures, MRR movements and invoiced against paid per period (charts
 * with their tables), invoiced revenue by plan and by feature, and the largest projected invoices with their
 * customers. One call, the whole report.
 */
@Path("/console/reports/revenue")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class RevenuePage {

    static final int PROJECTED_SHOWN = 20;
    static final List<String> MOVEMENTS = List.of("new", "reactivation", "expansion", "contraction", "churned");

    private final Visit visit;
    private final Clock clock;
    private final Template page;

    RevenuePage(Visit visit, Clock clock, @Location("console/revenue.html") Template page) {
        this.visit = visit;
        this.clock = clock;
        this.page = page;
    }

    /** Amounts per key (plan, feature) and period, in one currency: a row per key, a column per period. */
    @TemplateData
    public record Breakdown(String currency, List<String> periods, List<BreakdownRow> rows) {
    }

    @TemplateData
    public record BreakdownRow(String key, List<String> amounts) {
    }

    @TemplateData
    public record Projected(String customerId, String customer, String currency, String total, int lines,
            String periodFrom, String periodTo) {
    }

    @GET
    public Response show(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
            @QueryParam("windowSize") String windowSize, @QueryParam("currency") String currency) {
        return visit.page(session -> {
            Map<String, Object> data = new HashMap<>();
            String size = windowSize == null || windowSize.isBlank() ? "MONTH" : windowSize.strip();
            data.put("windowSize", size);
            data.put("windowSizes", List.of("DAY", "MONTH"));
            data.put("currency", currency == null ? "" : currency);
            Dates dates;
            try {
                dates = Dates.parse(clock, from, to, tz, today -> today.withDayOfMonth(1).minusMonths(5));
            } catch (IllegalArgumentException e) {
                data.put("dates", Dates.asEntered(from, to, tz));
                data.put("error", e.getMessage());
                return visit.html(page, "revenue", session, data, 400);
            }
            data.put("dates", dates);
            Map<String, Object> query = dates.reportQuery();
            query.put("windowSize", size);
            query.put("currency", currency);
            data.put("csv", ApiClient.path("/console/download/report/revenue", query));
            ApiClient.Calls api = visit.api(session);
            ApiAnswer answer = api.report(ApiClient.path("/api/v1/reports/revenue", query)).join();
            if (!answer.ok()) {
                data.put("error", answer.message());
                return visit.html(page, "revenue", session, data, Visit.statusOf(answer), answer);
            }
            JsonNode report = answer.json();
            List<JsonNode> projected = new ArrayList<>();
            report.path("projected").path("invoices").forEach(projected::add);
            projected.sort(Comparator.comparing((JsonNode p) -> Display.amount(p.path("total"))).reversed());
            List<JsonNode> top = projected.subList(0, Math.min(PROJECTED_SHOWN, projected.size()));
            CustomerNames names = CustomerNames.ask(api, top.stream().map(p -> p.path("customerId").asText())
                    .toList());
            data.put("mrr", Views.items(report.path("mrr"), "currencies"));
            data.put("mrrAsOf", report.path("mrr").path("asOf").asText(""));
            data.put("movementCharts", movementCharts(report.path("movements"), size, dates.zone()));
            data.put("movements", Views.items(report, "movements"));
            data.put("invoicedCharts", invoicedAgainstPaid(report, size, dates.zone()));
            data.put("byPlan", breakdowns(report.path("invoiced"), "byPlan", "plan", size, dates.zone()));
            data.put("byFeature", breakdowns(report.path("invoiced"), "byFeature", "feature", size, dates.zone()));
            Map<String, String> named = names.join();
            data.put("projected", top.stream().map(p -> new Projected(p.path("customerId").asText(),
                    named.getOrDefault(p.path("customerId").asText(), p.path("customerId").asText()),
                    p.path("currency").asText(), p.path("total").asText(), p.path("lines").asInt(),
                    p.path("period").path("from").asText(), p.path("period").path("to").asText())).toList());
            data.put("projectedCount", projected.size());
            data.put("projectedAsOf", report.path("projected").path("asOf").asText(""));
            return visit.html(page, "revenue", session, data, 200, answer);
        });
    }

    /** Per currency, each period's MRR movements: additions up, losses (contraction, churned) down. */
    static List<Series> movementCharts(JsonNode movements, String size, String zone) {
        Map<String, Series.Builder> perCurrency = new LinkedHashMap<>();
        for (JsonNode m : movements) {
            Series.Builder chart = perCurrency.computeIfAbsent(m.path("currency").asText(), c -> {
                Series.Builder b = new Series.Builder();
                MOVEMENTS.forEach(b::series);
                return b;
            });
            String label = Display.window(m.path("from").asText(), size, zone);
            for (String measure : MOVEMENTS) {
                BigDecimal value = Display.amount(m.path(measure));
                boolean loss = measure.equals("contraction") || measure.equals("churned");
                chart.add(label, measure, loss ? value.negate() : value);
            }
        }
        return build(perCurrency, "movements", "MRR movements per period");
    }

    /** Per currency, invoiced (by issue date) against paid (by payment date) per period. */
    static List<Series> invoicedAgainstPaid(JsonNode report, String size, String zone) {
        Map<String, Series.Builder> perCurrency = new LinkedHashMap<>();
        for (String section : List.of("invoiced", "paid")) {
            for (JsonNode p : report.path(section)) {
                perCurrency.computeIfAbsent(p.path("currency").asText(), c -> new Series.Builder().series("invoiced")
                        .series("paid")).add(Display.window(p.path("from").asText(), size, zone), section,
                        Display.amount(p.path("total")));
            }
        }
        return build(perCurrency, "invoiced-paid", "Invoiced and paid per period");
    }

    private static List<Series> build(Map<String, Series.Builder> perCurrency, String id, String title) {
        List<Series> charts = new ArrayList<>();
        int i = 0;
        for (var entry : perCurrency.entrySet()) {
            charts.add(entry.getValue().build(id + "-" + i++, title + ", " + entry.getKey(), "bar",
                    id.equals("movements"), entry.getKey()));
        }
        return charts;
    }

    /** Invoiced amounts per plan (or feature) and period, one table per currency. */
    static List<Breakdown> breakdowns(JsonNode periods, String field, String keyField, String size, String zone) {
        Map<String, Map<String, Map<String, String>>> perCurrency = new LinkedHashMap<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (JsonNode p : periods) {
            String currency = p.path("currency").asText();
            String label = Display.window(p.path("from").asText(), size, zone);
            List<String> columns = labels.computeIfAbsent(currency, c -> new ArrayList<>());
            if (!columns.contains(label)) {
                columns.add(label);
            }
            for (JsonNode item : p.path(field)) {
                String key = item.path(keyField).isNull() ? "(none)" : item.path(keyField).asText();
                perCurrency.computeIfAbsent(currency, c -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new HashMap<>()).put(label, item.path("amount").asText());
            }
        }
        List<Breakdown> tables = new ArrayList<>();
        perCurrency.forEach((currency, keys) -> {
            List<String> columns = labels.get(currency);
            tables.add(new Breakdown(currency, columns, keys.entrySet().stream().map(e -> new BreakdownRow(
                    e.getKey(), columns.stream().map(c -> e.getValue().containsKey(c)
                            ? Display.money(e.getValue().get(c), currency) : "–").toList())).toList()));
        });
        return tables;
    }
}
