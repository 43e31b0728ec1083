package dev.tollgate.console;

import dev.tollgate.shared.auth.BrowserSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code /console/reports}, the earlier address of the reports: each report has its own page now, showback first. */
@Path("/console/reports")
@BrowserSession
public class ReportPages {

    private final Visit visit;

    ReportPages(Visit visit) {
        this.visit = visit;
    }

    @GET
    public Response show() {
        return visit.page(session -> Response.seeOther(URI.create("/console/reports/showback")).build());
    }
}
