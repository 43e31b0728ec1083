package dev.tollgate.console;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plans, read-only: their versions, phases and rate cards; an admin may archive one. */
@Path("/console/plans")
@BrowserSession
@Produces(MediaType.TEXT_HTML)
public class PlanPages {

    private final Visit visit;
    private final Template list;
    private final Template detail;

    PlanPages(Visit visit, @Location("console/plans.html") Template list,
            @Location("console/plan.html") Template detail) {
        this.visit = visit;
        this.list = list;
        this.detail = detail;
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("page") String page) {
        return visit.page(session -> {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("status", status);
            query.put("page", page);
            query.put("pageSize", "100");
            query.put("orderBy", "key");
            ApiAnswer plans = visit.api(session).get(ApiClient.path("/api/v1/plans", query)).join();
            Map<String, Object> data = new HashMap<>();
            data.put("plans", Views.items(plans.json(), "items"));
            data.put("total", plans.json().path("totalCount").asLong());
            data.put("status", status == null ? "" : status);
            data.put("statuses", List.of("draft", "active", "scheduled", "archived"));
            data.put("error", plans.ok() ? "" : plans.message());
            return visit.html(list, "plans", session, data, Visit.statusOf(plans), plans);
        });
    }

    @GET
    @Path("/{id}")
    public Response show(@PathParam("id") String id, @QueryParam("done") String done) {
        return visit.page(session -> detail(session, id, "archived".equals(done) ? "The plan was archived." : "",
                "", 200));
    }

    @POST
    @Path("/{id}/archive")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response archive(@PathParam("id") String id, String body) {
        String csrf = Form.parse(body).get("csrf");
        return visit.page(session -> {
            if (!SessionCookie.tokenMatches(session, csrf)) {
                return Forms.refused(visit);
            }
            ApiAnswer archived = visit.api(session).post("/api/v1/plans/" + ApiClient.segment(id) + "/archive", null)
                    .join();
            if (archived.ok()) {
                return Response.seeOther(URI.create("/console/plans/" + ApiClient.segment(id) + "?done=archived"))
                        .build();
            }
            return detail(session, id, "", "The plan was not archived: " + archived.message(),
                    archived.status() >= 400 && archived.status() < 500 ? archived.status() : 502);
        });
    }

    private Response detail(Session session, String id, String notice, String error, int status) {
        ApiClient.Calls api = visit.api(session);
        ApiAnswer plan = api.get("/api/v1/plans/" + ApiClient.segment(id)).join();
        if (!plan.ok()) {
            // After a refused action, the action's refusal is what the page answers with.
            String shown = error.isEmpty() ? plan.message() : error;
            return visit.html(detail, "plans", session, Map.of("error", shown),
                    status != 200 ? status : Visit.statusOf(plan), plan);
        }
        // Every version of the plan's key, to move between them.
        ApiAnswer versions = api.get(ApiClient.path("/api/v1/plans", Map.of("key", plan.json().path("key").asText(),
                "includeDeleted", "true", "orderBy", "version"))).join();
        Map<String, Object> data = new HashMap<>();
        data.put("plan", Views.plain(plan.json()));
        data.put("versions", Views.items(versions.json(), "items"));
        data.put("notice", notice);
        data.put("error", error);
        data.put("archivable", "active".equals(plan.json().path("status").asText()));
        return visit.html(detail, "plans", session, data, status, plan);
    }
}
