package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.shared.auth.BrowserSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Invoices by status, and each invoice with its lines and each line's explanation; an admin may approve or void. */
@Path("/console/invoices")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class InvoicePages {

    /** OpenMeter's invoice statuses, as the list filters them. */
    static final List<String> STATUSES = List.of("gathering", "draft", "issuing", "issued", "payment_processing",
            "overdue", "paid", "uncollectible", "voided");
    private static final Map<String, String> DONE = Map.of("approved", "The invoice was approved and issued.",
            "voided", "The invoice was voided.");

    private final Visit visit;
    private final Template list;
    private final Template detail;

    InvoicePages(Visit visit, @Location("console/invoices.html") Template list,
            @Location("console/invoice.html") Template detail) {
        this.visit = visit;
        this.list = list;
        this.detail = detail;
    }

    /** A line and what the API explains about it (rate card, price, charges, usage). */
    @TemplateData
    public record Line(Object line, Object explain, Views.Table charges, Chart usage, String error) {
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("page") String page) {
        return visit.page(session -> {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("statuses", status);
            query.put("page", page);
            query.put("pageSize", "100");
            query.put("order", "DESC");
            query.put("orderBy", "createdAt");
            ApiAnswer invoices = visit.api(session).get(ApiClient.path("/api/v1/billing/invoices", query)).join();
            Map<String, Object> data = new HashMap<>();
            data.put("invoices", Views.items(invoices.json(), "items"));
            data.put("total", invoices.json().path("totalCount").asLong());
            data.put("status", status == null ? "" : status);
            data.put("statuses", STATUSES);
            data.put("error", invoices.ok() ? "" : invoices.message());
            return visit.html(list, "invoices", session, data, Visit.statusOf(invoices), invoices);
        });
    }

    @GET
    @Path("/{id}")
    public Response show(@PathParam("id") String id, @QueryParam("done") String done) {
        return visit.page(session -> detail(session, id, done == null ? "" : DONE.getOrDefault(done, ""), "", 200));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("id") String id, String body) {
        return act(id, Form.parse(body).get("csrf"), "approve", null, "approved");
    }

    @POST
    @Path("/{id}/void")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response voidInvoice(@PathParam("id") String id, String body) {
        Form form = Form.parse(body);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("reason", form.get("reason"));
        String lines = form.get("lines");
        input.put("action", Map.of("percentage", 100, "action", Map.of("type", lines == null ? "" : lines)));
        return act(id, form.get("csrf"), "void", input, "voided");
    }

    private Response act(String id, String csrf, String action, Object body, String done) {
        return visit.page(session -> {
            if (!SessionCookie.tokenMatches(session, csrf)) {
                return Forms.refused(visit);
            }
            ApiAnswer answer = visit.api(session).post("/api/v1/billing/invoices/" + ApiClient.segment(id) + "/"
                    + action, body).join();
            if (answer.ok()) {
                return Response.seeOther(URI.create("/console/invoices/" + ApiClient.segment(id) + "?done=" + done))
                        .build();
            }
            return detail(session, id, "", "The API refused to " + action + " the invoice: " + answer.message(),
                    answer.status() >= 400 && answer.status() < 500 ? answer.status() : 502);
        });
    }

    private Response detail(Session session, String id, String notice, String error, int status) {
        ApiClient.Calls api = visit.api(session);
        String path = "/api/v1/billing/invoices/" + ApiClient.segment(id);
        ApiAnswer invoice = api.get(path + "?expand=lines").join();
        if (!invoice.ok()) {
            // After a refused action, the action's refusal is what the page answers with.
            String shown = error.isEmpty() ? invoice.message() : error;
            return visit.html(detail, "invoices", session, Map.of("error", shown),
                    status != 200 ? status : Visit.statusOf(invoice), invoice);
        }
        List<JsonNode> lines = new ArrayList<>();
        invoice.json().path("lines").forEach(lines::add);
        List<CompletableFuture<ApiAnswer>> explains = lines.stream().map(line -> api.get(path + "/lines/"
                + ApiClient.segment(line.path("id").asText()) + "/explain")).toList();
        List<Line> shown = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ApiAnswer explain = explains.get(i).join();
            JsonNode windows = explain.json().path("usage").path("windows");
            List<Chart.Point> points = new ArrayList<>();
            windows.forEach(w -> points.add(new Chart.Point(Chart.windowLabel(w.path("from").asText(
                    w.path("windowStart").asText())), w.path("value").decimalValue())));
            shown.add(new Line(Views.plain(lines.get(i)), Views.plain(explain.json()),
                    Views.table(explain.json().path("charges")),
                    Chart.of("line-usage-" + i, "Usage per day of " + lines.get(i).path("name").asText(), "bar",
                            "usage", points), explain.ok() ? "" : explain.message()));
        }
        JsonNode actions = invoice.json().path("statusDetails").path("availableActions");
        Map<String, Object> data = new HashMap<>();
        data.put("invoice", Views.plain(invoice.json()));
        data.put("lines", shown);
        data.put("notice", notice);
        data.put("error", error);
        data.put("canApprove", actions.has("approve"));
        data.put("canVoid", actions.has("void"));
        return visit.html(detail, "invoices", session, data, status, invoice);
    }
}
