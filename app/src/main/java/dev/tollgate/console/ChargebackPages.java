package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.shared.auth.BrowserSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Chargeback: the plans, the runs, and each run's department lines with their invoices and the ledger as CSV; an
 * admin starts a run of a plan for a month (UTC) through a form, and the page shows what the API answered.
 */
@Path("/console/chargeback")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class ChargebackPages {

    private static final String PAGE_SIZE = "50";
    private static final Map<String, String> ANSWERS = Map.of(
            "201", "The API made this run (201 Created) and issued its internal invoices.",
            "200", "This plan was already run for this period: the API answered with that run (200).");

    private final Visit visit;
    private final Clock clock;
    private final Template list;
    private final Template run;

    ChargebackPages(Visit visit, Clock clock, @Location("console/chargeback.html") Template list,
            @Location("console/chargeback-run.html") Template run) {
        this.visit = visit;
        this.clock = clock;
        this.list = list;
        this.run = run;
    }

    @GET
    public Response list(@QueryParam("planId") String planId) {
        return visit.page(session -> list(session, planId, "", 200));
    }

    @POST
    @Path("/runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(String body) {
        Form form = Form.parse(body);
        return visit.page(session -> {
            if (!SessionCookie.tokenMatches(session, form.get("csrf"))) {
                return Forms.refused(visit);
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("planId", form.get("planId"));
            // A month that does not read is sent as none: the API names the field it needs.
            YearMonth month = month(form.get("month"));
            request.put("periodStart", month == null ? null : month.atDay(1).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().toString());
            request.put("periodEnd", month == null ? null : month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().toString());
            ApiAnswer answer = visit.api(session).post("/api/v1/chargeback/runs", request).join();
            if (answer.ok()) {
                return Response.seeOther(URI.create("/console/chargeback/runs/"
                        + ApiClient.segment(answer.json().path("id").asText()) + "?answer=" + answer.status()))
                        .build();
            }
            return list(session, null, "The API refused the run: " + answer.message(),
                    answer.status() >= 400 && answer.status() < 500 ? answer.status() : 502);
        });
    }

    @GET
    @Path("/runs/{id}")
    public Response run(@PathParam("id") String id, @QueryParam("answer") String answered) {
        return visit.page(session -> {
            ApiClient.Calls api = visit.api(session);
            ApiAnswer found = api.get("/api/v1/chargeback/runs/" + ApiClient.segment(id)).join();
            Map<String, Object> data = new HashMap<>();
            data.put("notice", answered == null ? "" : ANSWERS.getOrDefault(answered, ""));
            if (!found.ok()) {
                data.put("error", found.message());
                return visit.html(run, "chargeback", session, data, Visit.statusOf(found), found);
            }
            JsonNode json = found.json();
            CompletableFuture<ApiAnswer> plan = api.get("/api/v1/chargeback/plans/"
                    + ApiClient.segment(json.path("planId").asText()));
            List<String> customers = new ArrayList<>();
            json.path("lines").forEach(line -> customers.add(line.path("billingCustomerId").asText(null)));
            Map<String, String> names = CustomerNames.ask(api, customers).join();
            data.put("run", Views.plain(json));
            data.put("names", names);
            data.put("ledgerCsv", "/console/download/ledger/" + ApiClient.segment(json.path("id").asText()));
            ApiAnswer planAnswer = plan.join();
            data.put("planName", planAnswer.ok() ? planAnswer.json().path("name").asText() : json.path("planId")
                    .asText());
            return visit.html(run, "chargeback", session, data, 200, found);
        });
    }

    private Response list(Session session, String planId, String error, int status) {
        ApiClient.Calls api = visit.api(session);
        CompletableFuture<ApiAnswer> plans = api.get(ApiClient.path("/api/v1/chargeback/plans",
                Map.of("pageSize", PAGE_SIZE)));
        Map<String, Object> runQuery = new LinkedHashMap<>();
        runQuery.put("pageSize", PAGE_SIZE);
        runQuery.put("planId", planId);
        ApiAnswer runs = api.get(ApiClient.path("/api/v1/chargeback/runs", runQuery)).join();
        ApiAnswer planList = plans.join();
        Map<String, Object> data = new HashMap<>();
        Map<String, String> planNames = new HashMap<>();
        planList.json().path("items").forEach(p -> planNames.put(p.path("id").asText(), p.path("name").asText()));
        data.put("plans", Views.items(planList.json(), "items"));
        data.put("planNames", planNames);
        data.put("runs", Views.items(runs.json(), "items"));
        data.put("runCount", runs.json().path("totalCount").asLong());
        data.put("lastMonth", YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).minusMonths(1).toString());
        String refused = !planList.ok() ? planList.message() : !runs.ok() ? runs.message() : "";
        data.put("error", error.isEmpty() ? refused : error);
        return visit.html(list, "chargeback", session, data, status != 200 ? status
                : Visit.statusOf(planList, runs), planList, runs);
    }

    private static YearMonth month(String value) {
        try {
            return value == null ? null : YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
