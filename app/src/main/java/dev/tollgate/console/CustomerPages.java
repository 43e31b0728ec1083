package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.shared.auth.BrowserSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** Customers: a search, and each customer's subscriptions, entitlement balances and usage. */
@Path("/console/customers")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class CustomerPages {

    private static final int MAX_QUERY = 200;

    private final Visit visit;
    private final Clock clock;
    private final ConsoleConfig config;
    private final Template list;
    private final Template detail;

    CustomerPages(Visit visit, Clock clock, ConsoleConfig config, @Location("console/customers.html") Template list,
            @Location("console/customer.html") Template detail) {
        this.visit = visit;
        this.clock = clock;
        this.config = config;
        this.list = list;
        this.detail = detail;
    }

    /** A metered entitlement and its balance now, as the API computes it. */
    @TemplateData
    public record Balance(Object entitlement, Object value, String error) {
    }

    @GET
    public Response search(@QueryParam("q") String q, @QueryParam("page") String page) {
        return visit.page(session -> {
            String query = q == null ? "" : q.strip();
            Map<String, Object> data = new HashMap<>();
            data.put("q", query);
            if (query.length() > MAX_QUERY) {
                data.put("error", "Search for at most " + MAX_QUERY + " characters.");
                data.put("customers", List.of());
                return visit.html(list, "customers", session, data, 400);
            }
            ApiClient.Calls api = visit.api(session);
            Map<String, Object> paging = new LinkedHashMap<>();
            paging.put("page", page);
            paging.put("pageSize", "50");
            if (query.isEmpty()) {
                ApiAnswer all = api.get(ApiClient.path("/api/v1/customers", paging)).join();
                data.put("customers", Views.items(all.json(), "items"));
                data.put("total", all.json().path("totalCount").asLong());
                data.put("error", all.ok() ? "" : all.message());
                return visit.html(list, "customers", session, data, Visit.statusOf(all), all);
            }
            // A search matches a name containing the words, or exactly a key or a subject: three calls at once.
            List<CompletableFuture<ApiAnswer>> calls = List.of("name", "key", "subject").stream()
                    .map(filter -> {
                        Map<String, Object> params = new LinkedHashMap<>(paging);
                        params.put(filter, query);
                        return api.get(ApiClient.path("/api/v1/customers", params));
                    }).toList();
            Map<String, Object> found = new LinkedHashMap<>();
            List<ApiAnswer> answers = calls.stream().map(CompletableFuture::join).toList();
            for (ApiAnswer answer : answers) {
                answer.json().path("items").forEach(c -> found.putIfAbsent(c.path("id").asText(), Views.plain(c)));
            }
            data.put("customers", new ArrayList<>(found.values()));
            data.put("total", found.size());
            data.put("error", answers.stream().filter(a -> !a.ok()).map(ApiAnswer::message).findFirst().orElse(""));
            return visit.html(list, "customers", session, data, Visit.statusOf(answers.toArray(ApiAnswer[]::new)),
                    answers.toArray(ApiAnswer[]::new));
        });
    }

    @GET
    @Path("/{id}")
    public Response show(@PathParam("id") String id, @QueryParam("days") String days, @QueryParam("tz") String tz,
            @QueryParam("meter") List<String> chosen) {
        return visit.page(session -> {
            Period period;
            try {
                period = Period.lastDays(clock, days, tz);
            } catch (IllegalArgumentException e) {
                return visit.html(detail, "customers", session, Map.of("error", e.getMessage()), 400);
            }
            ApiClient.Calls api = visit.api(session);
            String customerPath = "/api/v1/customers/" + ApiClient.segment(id);
            CompletableFuture<ApiAnswer> customer = api.get(customerPath);
            CompletableFuture<ApiAnswer> subscriptions = api.get(customerPath + "/subscriptions");
            CompletableFuture<ApiAnswer> entitlements = api.get("/api/v2/customers/" + ApiClient.segment(id)
                    + "/entitlements");
            CompletableFuture<ApiAnswer> meters = api.get("/api/v1/meters");
            ApiAnswer found = customer.join();
            if (!found.ok()) {
                return visit.html(detail, "customers", session, Map.of("error", found.message()),
                        Visit.statusOf(found), found);
            }
            String customerId = found.json().path("id").asText();
            MeterCharts usage = MeterCharts.ask(api, MeterCharts.pick(meters.join().json(), chosen,
                    config.chartedMeters()), period, Map.of("filterCustomerId", customerId));
            ApiAnswer entitlementList = entitlements.join();
            List<JsonNode> metered = new ArrayList<>();
            entitlementList.json().path("items").forEach(e -> {
                if ("metered".equals(e.path("type").asText())) {
                    metered.add(e);
                }
            });
            List<CompletableFuture<ApiAnswer>> values = metered.stream().map(e -> api.get("/api/v2/customers/"
                    + ApiClient.segment(customerId) + "/entitlements/" + ApiClient.segment(e.path("id").asText())
                    + "/value")).toList();
            List<Balance> balances = new ArrayList<>();
            for (int i = 0; i < metered.size(); i++) {
                ApiAnswer value = values.get(i).join();
                balances.add(new Balance(Views.plain(metered.get(i)), Views.plain(value.json()),
                        value.ok() ? "" : value.message()));
            }
            Map<String, Object> data = new HashMap<>();
            data.put("customer", Views.plain(found.json()));
            data.put("subscriptions", Views.items(subscriptions.join().json(), "items"));
            data.put("entitlements", Views.items(entitlementList.json(), "items"));
            data.put("balances", balances);
            usage.putInto(data);
            data.put("period", period);
            List<ApiAnswer> consulted = new ArrayList<>(List.of(found));
            consulted.addAll(List.of(usage.answered()));
            return visit.html(detail, "customers", session, data, 200, consulted.toArray(ApiAnswer[]::new));
        });
    }
}
