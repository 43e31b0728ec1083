package dev.tollgate.console;

import dev.tollgate.shared.auth.BrowserSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * CSV downloads: the API's own CSV answer (RFC 4180, {@code Accept: text/csv}) handed to the browser as a file, so a
 * download is exactly what a script would get from the API.
 */
@Path("/console/download")
@BrowserSession
public class Downloads {

    private static final Set<String> REPORTS = Set.of("showback", "revenue", "margin");

    private final Visit visit;

    Downloads(Visit visit) {
        this.visit = visit;
    }

    @GET
    @Path("/usage/{meter}")
    public Response usage(@PathParam("meter") String meter, @Context UriInfo uri) {
        return csv("/api/v1/meters/" + ApiClient.segment(meter) + "/query", uri, "usage-" + safe(meter));
    }

    @GET
    @Path("/report/{report}")
    public Response report(@PathParam("report") String report, @Context UriInfo uri) {
        if (!REPORTS.contains(report)) {
            return visit.page(session -> visit.timed(Response.status(404).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("There is no report named " + safe(report) + "; use showback, revenue or margin.")));
        }
        return csv("/api/v1/reports/" + report, uri, report);
    }

    @GET
    @Path("/ledger/{run}")
    public Response ledger(@PathParam("run") String run, @Context UriInfo uri) {
        return csv("/api/v1/chargeback/runs/" + ApiClient.segment(run) + "/ledger", uri, "ledger-" + safe(run));
    }

    private Response csv(String path, UriInfo uri, String name) {
        return visit.page(session -> {
            String query = uri.getRequestUri().getRawQuery();
            HttpResponse<byte[]> answer = visit.api(session).download(query == null ? path : path + "?" + query,
                    "text/csv").exceptionally(e -> null).join();
            if (answer == null) {
                return visit.timed(Response.status(502).type(MediaType.TEXT_PLAIN_TYPE)
                        .entity("The API did not answer."));
            }
            if (answer.statusCode() == 401) {
                return Visit.toSignIn();
            }
            if (answer.statusCode() != 200) {
                int status = answer.statusCode() >= 400 && answer.statusCode() < 500 ? answer.statusCode() : 502;
                String detail = ApiAnswerText.detail(answer);
                return visit.timed(Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                        .entity(answer.statusCode() == 404 && detail.isEmpty()
                                ? "Not available: this Tollgate does not serve " + path + " yet."
                                : "The API refused the download: " + detail));
            }
            return visit.timed(Response.ok(answer.body()).type("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\""));
        });
    }

    /** A name fit for a file name and a message: letters, digits, '-' and '_' only. */
    private static String safe(String name) {
        String kept = name.replaceAll("[^A-Za-z0-9_-]", "_");
        return kept.length() > 64 ? kept.substring(0, 64) : kept;
    }
}
