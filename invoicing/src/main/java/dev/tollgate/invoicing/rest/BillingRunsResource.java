package dev.tollgate.invoicing.rest;

import dev.tollgate.invoicing.api.Progress;
import dev.tollgate.invoicing.service.InvoiceRun;
import dev.tollgate.invoicing.service.ProgressTracker;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tollgate's billing run on demand ({@code POST /api/v1/billing/runs}, the scheduled job's work, now), and OpenMeter's
 * progress of long runs ({@code GET /api/v1/info/progress/{id}}).
 */
@Path("/api/v1")
@Tag(name = "Billing")
@Produces(MediaType.APPLICATION_JSON)
public class BillingRunsResource {

    /** What a run did; poll {@code /api/v1/info/progress/{progressId}} while it goes on. */
    public record RunView(String progressId, int subscriptionsSynced, int draftsIssued, int invoicesCreated,
            int customersDue, int failed, int markedOverdue) {
    }

    private final InvoiceRun run;
    private final ProgressTracker progress;
    private final CurrentCaller caller;

    BillingRunsResource(InvoiceRun run, ProgressTracker progress, CurrentCaller caller) {
        this.run = run;
        this.progress = progress;
        this.caller = caller;
    }

    @POST
    @Path("/billing/runs")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Run billing now (Tollgate)", description = "Syncs subscriptions into lines, issues drafts"
            + " whose review period is over, invoices every customer with lines due, and marks unpaid invoices past"
            + " due overdue. Safe beside the scheduled run and other processes")
    public RunView run() {
        InvoiceRun.Report report = run.run(caller.namespace());
        return new RunView(report.progressId(), report.subscriptionsSynced(), report.draftsIssued(),
                report.invoices().size(), report.customersDue(), report.failed(), report.markedOverdue());
    }

    @GET
    @Path("/info/progress/{id}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get the progress of a long run")
    public Progress progress(@PathParam("id") String id) {
        return progress.get(caller.namespace(), id);
    }
}
