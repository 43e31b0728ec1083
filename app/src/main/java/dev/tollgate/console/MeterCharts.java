package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Usage per day of the chosen meters over a period, one chart and CSV download each: the overview's (every subject)
 * and a customer page's ({@code filterCustomerId}). Every meter is asked at once; a meter without usage in the period
 * is only named, so that a page of many meters is not a wall of empty charts.
 */
final class MeterCharts {

    /** A meter's usage chart and download, for the page. */
    @TemplateData
    public record MeterUsage(String slug, String name, Chart chart, String csv, ApiAnswer answer) {

        /** Worth a chart: it has usage in the range, or its query failed (the page says why). */
        public boolean charted() {
            return !chart.empty() || !answer.ok();
        }
    }

    private final List<JsonNode> meters;
    private final Map<String, Object> query;
    private final List<CompletableFuture<ApiAnswer>> answers;

    private MeterCharts(List<JsonNode> meters, Map<String, Object> query, List<CompletableFuture<ApiAnswer>> answers) {
        this.meters = meters;
        this.query = query;
        this.answers = answers;
    }

    /**
     * Asks for each meter's usage per day, all at once: figures over a range, kept as report snapshots are
     * ({@link ApiClient.Calls#report}).
     *
     * @param filters more query parameters of every meter query, such as {@code filterCustomerId}
     */
    static MeterCharts ask(ApiClient.Calls api, List<JsonNode> meters, Period period, Map<String, Object> filters) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("from", period.from());
        query.put("to", period.to());
        query.put("windowSize", "DAY");
        query.put("windowTimeZone", period.zone());
        query.putAll(filters);
        List<CompletableFuture<ApiAnswer>> answers = meters.stream()
                .map(meter -> api.report(ApiClient.path("/api/v1/meters/" + segment(meter) + "/query", query)))
                .toList();
        return new MeterCharts(meters, query, answers);
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

    /** The answers, waited for: for the page's "figures as of" and its sign-in check. */
    ApiAnswer[] answered() {
        return answers.stream().map(CompletableFuture::join).toArray(ApiAnswer[]::new);
    }

    /** Waits for the answers: the meters with a chart go in {@code meters}, the others' slugs in {@code idleMeters}. */
    void putInto(Map<String, Object> data) {
        List<MeterUsage> charts = new ArrayList<>();
        for (int i = 0; i < meters.size(); i++) {
            String slug = meters.get(i).path("slug").asText();
            ApiAnswer answer = answers.get(i).join();
            charts.add(new MeterUsage(slug, meters.get(i).path("name").asText(slug),
                    Chart.usageOverTime("usage-" + i, "Usage of " + slug + " per day", answer.json()),
                    ApiClient.path("/console/download/usage/" + segment(meters.get(i)), query), answer));
        }
        data.put("meters", charts.stream().filter(MeterUsage::charted).toList());
        data.put("idleMeters", charts.stream().filter(m -> !m.charted()).map(MeterUsage::slug).toList());
    }

    private static String segment(JsonNode meter) {
        return ApiClient.segment(meter.path("slug").asText());
    }
}
