package dev.tollgate.invoicing.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.invoicing.domain.InvoiceAction;
import dev.tollgate.invoicing.domain.InvoiceQuery;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.service.InvoiceDocument;
import dev.tollgate.invoicing.service.InvoiceService;
import dev.tollgate.invoicing.service.LineExplainer;
import dev.tollgate.invoicing.service.PendingLineService;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter's invoices: {@code /api/v1/billing/invoices}, with Tollgate's {@code …/lines/{lineId}/explain}. */
@Path("/api/v1/billing/invoices")
@Tag(name = "Billing")
@Produces(MediaType.APPLICATION_JSON)
public class InvoicesResource {

    /** OpenMeter's {@code InvoicePendingLinesActionInput}. */
    public record InvoiceNowInput(String customerId, Instant asOf, Filters filters,
            Boolean progressiveBillingOverride) {

        public record Filters(List<String> lineIds) {
        }
    }

    /** OpenMeter's {@code InvoiceReplaceUpdate}: Tollgate changes description, metadata and line texts. */
    public record InvoiceReplace(String description, Map<String, String> metadata,
            List<InvoiceService.LineEdit> lines) {
    }

    /** OpenMeter's {@code VoidInvoiceActionInput}. */
    public record VoidInput(VoidAction action, String reason, List<Object> overrides) {

        public record VoidAction(java.math.BigDecimal percentage, LineAction action) {
        }

        public record LineAction(String type) {
        }
    }

    private final InvoiceService invoices;
    private final PendingLineService pending;
    private final LineExplainer explainer;
    private final LineJson json;
    private final CurrentCaller caller;

    InvoicesResource(InvoiceService invoices, PendingLineService pending, LineExplainer explainer, LineJson json,
            CurrentCaller caller) {
        this.invoices = invoices;
        this.pending = pending;
        this.explainer = explainer;
        this.json = json;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List invoices", description = "OpenMeter's filters; expand=lines includes the lines")
    public InvoiceView.Page list(@QueryParam("statuses") List<String> statuses,
            @QueryParam("extendedStatuses") List<String> extendedStatuses,
            @QueryParam("issuedAfter") String issuedAfter, @QueryParam("issuedBefore") String issuedBefore,
            @QueryParam("periodStartAfter") String periodStartAfter,
            @QueryParam("periodStartBefore") String periodStartBefore,
            @QueryParam("createdAfter") String createdAfter, @QueryParam("createdBefore") String createdBefore,
            @QueryParam("expand") List<String> expand, @QueryParam("customers") List<String> customers,
            @QueryParam("includeDeleted") boolean includeDeleted, @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize, @QueryParam("order") String order,
            @QueryParam("orderBy") String orderBy) {
        List<ValidationError> errors = new ArrayList<>();
        for (String status : statuses) {
            if (!InvoiceStatus.CATEGORIES.contains(status)) {
                errors.add(new ValidationError("statuses", "invalid", "statuses must be among "
                        + InvoiceStatus.CATEGORIES + ", not '" + status + "'"));
            }
        }
        for (String status : extendedStatuses) {
            if (InvoiceStatus.ofWireName(status).isEmpty()) {
                errors.add(new ValidationError("extendedStatuses", "invalid", "extendedStatuses has an unknown"
                        + " status '" + status + "'"));
            }
        }
        boolean lines = expand(expand, errors);
        Paging paging = Paging.parse(page, pageSize, errors);
        String by = Paging.orderBy(orderBy == null ? "createdAt" : orderBy, InvoiceQuery.ORDER_BY, errors);
        boolean descending = Paging.descending(order, errors);
        InvoiceQuery query = new InvoiceQuery(statuses, extendedStatuses, customers,
                time("issuedAfter", issuedAfter, errors), time("issuedBefore", issuedBefore, errors),
                time("periodStartAfter", periodStartAfter, errors),
                time("periodStartBefore", periodStartBefore, errors), time("createdAfter", createdAfter, errors),
                time("createdBefore", createdBefore, errors), includeDeleted, lines, by, descending, paging);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Paging.Page<InvoiceDocument> found = invoices.list(caller.namespace(), query);
        return new InvoiceView.Page(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(d -> InvoiceView.of(d, json, lines)).toList());
    }

    @POST
    @Path("/invoice")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Invoice pending lines now", description = "One invoice per currency. With progressive"
            + " billing (the workflow's, or progressiveBillingOverride), usage periods under way are billed up to"
            + " asOf and the rest stays pending")
    public Response invoiceNow(InvoiceNowInput input) {
        InvoiceNowInput body = requireBody(input, "the customer to invoice");
        if (body.customerId() == null || body.customerId().isBlank()) {
            throw ApiException.invalid("customerId", "required", "customerId is required");
        }
        List<String> made = pending.invoiceNow(caller.namespace(), body.customerId(), body.asOf(),
                body.filters() == null ? null : body.filters().lineIds(), body.progressiveBillingOverride());
        List<InvoiceView> views = made.stream()
                .map(id -> InvoiceView.of(invoices.get(caller.namespace(), id, true), json, true)).toList();
        return Response.status(Response.Status.CREATED).entity(views).build();
    }

    @GET
    @Path("/{invoiceId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get an invoice", description = "With its lines unless expand is given without lines")
    public InvoiceView get(@PathParam("invoiceId") String id, @QueryParam("expand") List<String> expand) {
        List<ValidationError> errors = new ArrayList<>();
        boolean lines = expand.isEmpty() || expand(expand, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return InvoiceView.of(invoices.get(caller.namespace(), id, lines), json, lines);
    }

    @PUT
    @Path("/{invoiceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Update a draft invoice", description = "Description, metadata, and the names,"
            + " descriptions and metadata of its lines")
    public InvoiceView update(@PathParam("invoiceId") String id, InvoiceReplace edit) {
        InvoiceReplace body = requireBody(edit, "an invoice");
        return InvoiceView.of(invoices.update(caller.namespace(), id, new InvoiceService.InvoiceEdit(
                body.description(), body.metadata(), body.lines())), json, true);
    }

    @DELETE
    @Path("/{invoiceId}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Delete a draft invoice", description = "Its lines go back to the customer's pending lines")
    public Response delete(@PathParam("invoiceId") String id) {
        invoices.delete(caller.namespace(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{invoiceId}/advance")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Advance a draft", description = "Issues a draft waiting for automatic approval now")
    public InvoiceView advance(@PathParam("invoiceId") String id) {
        return InvoiceView.of(invoices.issue(caller.namespace(), id, InvoiceAction.ADVANCE), json, true);
    }

    @POST
    @Path("/{invoiceId}/approve")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Approve a draft", description = "Issues a draft now")
    public InvoiceView approve(@PathParam("invoiceId") String id) {
        return InvoiceView.of(invoices.issue(caller.namespace(), id, InvoiceAction.APPROVE), json, true);
    }

    @POST
    @Path("/{invoiceId}/retry")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Retry an invalid draft", description = "Reads its usage and prices its lines again")
    public InvoiceView retry(@PathParam("invoiceId") String id) {
        return InvoiceView.of(invoices.retry(caller.namespace(), id), json, true);
    }

    @POST
    @Path("/{invoiceId}/snapshot-quantities")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Snapshot a draft's quantities again")
    public InvoiceView snapshotQuantities(@PathParam("invoiceId") String id) {
        return InvoiceView.of(invoices.resnapshot(caller.namespace(), id, InvoiceAction.SNAPSHOT_QUANTITIES), json,
                true);
    }

    @POST
    @Path("/{invoiceId}/void")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Void an issued invoice", description = "action.action.type pending puts its lines back to"
            + " be invoiced again; discard writes them off. Only percentage 100 and no per-line overrides")
    public InvoiceView voidInvoice(@PathParam("invoiceId") String id, VoidInput input) {
        VoidInput body = requireBody(input, "a void action");
        List<ValidationError> errors = new ArrayList<>();
        if (body.reason() == null || body.reason().isBlank()) {
            errors.add(new ValidationError("reason", "required", "reason is required"));
        }
        String type = body.action() == null || body.action().action() == null ? null : body.action().action().type();
        if (!"discard".equals(type) && !"pending".equals(type)) {
            errors.add(new ValidationError("action.action.type", "invalid", "action.action.type must be discard or"
                    + " pending"));
        }
        if (body.action() != null && body.action().percentage() != null
                && body.action().percentage().compareTo(java.math.BigDecimal.valueOf(100)) != 0) {
            errors.add(new ValidationError("action.percentage", "unsupported", "action.percentage must be 100:"
                    + " Tollgate voids whole invoices"));
        }
        if (body.overrides() != null && !body.overrides().isEmpty()) {
            errors.add(new ValidationError("overrides", "unsupported", "overrides are not supported: one action"
                    + " applies to every line"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return InvoiceView.of(invoices.voidInvoice(caller.namespace(), id, "pending".equals(type)), json, true);
    }

    @GET
    @Path("/{invoiceId}/lines/{lineId}/explain")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Explain a line (Tollgate)", description = "The rate card, price, discounts and"
            + " commitments applied, the usage query snapshotted on the line, and its usage per day")
    public LineExplanationView explain(@PathParam("invoiceId") String id, @PathParam("lineId") String lineId) {
        return LineExplanationView.of(explainer.explain(caller.namespace(), id, lineId), json);
    }

    private static boolean expand(List<String> expand, List<ValidationError> errors) {
        boolean lines = false;
        for (String value : expand) {
            for (String item : value.split(",")) {
                switch (item.trim()) {
                    case "lines" -> lines = true;
                    case "preceding", "workflow.apps", "" -> {
                    }
                    default -> errors.add(new ValidationError("expand", "invalid", "expand must be among lines,"
                            + " preceding and workflow.apps, not '" + item + "'"));
                }
            }
        }
        return lines;
    }

    private static Instant time(String field, String value, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Rfc3339.parse(value.trim()).orElseGet(() -> {
            errors.add(new ValidationError(field, "format", field + " must be an RFC 3339 timestamp such as"
                    + " 2026-01-01T00:00:00Z"));
            return null;
        });
    }
}
