package dev.tollgate.finance.rest;

import dev.tollgate.finance.domain.JournalLine;
import dev.tollgate.finance.service.ChargebackRunService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.csv.Csv;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tollgate's chargeback runs ({@code /api/v1/chargeback/runs}) and their journal for the ledger. */
@Path("/api/v1/chargeback/runs")
@Tag(name = "Chargeback")
@Produces(MediaType.APPLICATION_JSON)
public class ChargebackRunsResource {

    static final List<String> LEDGER_COLUMNS = List.of("runId", "periodStart", "periodEnd", "currency", "position",
            "department", "costCenter", "debitAccount", "creditAccount", "amountMinor", "amount");

    /** The ledger as JSON: the same lines as the CSV, with the total. */
    public record LedgerView(String runId, Instant periodStart, Instant periodEnd, String currency, int minorUnits,
            long totalMinor, List<Line> lines) {

        /** {@code amount} is {@code amountMinor} as a decimal string of the currency. */
        public record Line(int position, String department, String costCenter, String debitAccount,
                String creditAccount, long amountMinor, String amount) {
        }
    }

    private final ChargebackRunService runs;
    private final CurrentCaller caller;

    ChargebackRunsResource(ChargebackRunService runs, CurrentCaller caller) {
        this.runs = runs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Run a chargeback", description = "Body {planId, periodStart, periodEnd} (RFC 3339; the"
            + " end not in the future). Charges each department for the period's costs and issues one internal"
            + " invoice per department. Once per plan and period: 201 when made, 200 with the existing run"
            + " (resuming any invoice still missing) when asked again")
    public Response start(ChargebackRunService.RunRequest request) {
        ChargebackRunService.RunDocument run = runs.start(caller.namespace(), request);
        return Response.status(run.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(ChargebackRunView.of(run)).build();
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List chargeback runs", description = "Newest first, of one plan with planId")
    public ChargebackRunView.Page list(@QueryParam("planId") String planId, @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Paging.Page<ChargebackRunService.RunDocument> found = runs.list(caller.namespace(),
                planId == null || planId.isBlank() ? null : planId, paging);
        return new ChargebackRunView.Page(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(ChargebackRunView::of).toList());
    }

    @GET
    @Path("/{runId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a chargeback run", description = "With each department's direct cost, allocated"
            + " shared cost, markup, total and internal invoice")
    public ChargebackRunView get(@PathParam("runId") String id) {
        return ChargebackRunView.of(runs.get(caller.namespace(), id));
    }

    @GET
    @Path("/{runId}/ledger")
    @RequiresScope(Scope.READ)
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "A chargeback run's journal for the ledger", description = "One line per department and"
            + " account credited: debit the department's expense account, credit the platform, in minor units of"
            + " the currency; the lines add up to the run's total rounded half up. Accept: text/csv gives CSV")
    public Response ledger(@PathParam("runId") String id, @Context HttpHeaders headers) {
        ChargebackRunService.Ledger ledger = runs.ledger(caller.namespace(), id);
        var run = ledger.run();
        if (wantsCsv(headers)) {
            Csv csv = Csv.withHeader(LEDGER_COLUMNS);
            for (JournalLine line : ledger.lines()) {
                csv.row(run.id, run.periodStart, run.periodEnd, run.currency, line.position(), line.department(),
                        line.costCenter(), line.debitAccount(), line.creditAccount(), line.amountMinor(),
                        line.amount());
            }
            return Response.ok(csv.toString(), Csv.MEDIA_TYPE).build();
        }
        return Response.ok(new LedgerView(run.id, run.periodStart, run.periodEnd, run.currency,
                ledger.minorUnits(), ledger.lines().stream().mapToLong(JournalLine::amountMinor).sum(),
                ledger.lines().stream().map(l -> new LedgerView.Line(l.position(), l.department(), l.costCenter(),
                        l.debitAccount(), l.creditAccount(), l.amountMinor(), l.amount().toPlainString())).toList()),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** CSV only when the client prefers it to JSON. */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return true;
            }
        }
        return false;
    }
}
