package dev.tollgate.invoicing.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.invoicing.domain.CustomerBilling;
import dev.tollgate.invoicing.domain.CustomerOverrideDraft;
import dev.tollgate.invoicing.domain.PendingLineDraft;
import dev.tollgate.invoicing.service.CustomerBillingService;
import dev.tollgate.invoicing.service.InvoiceDocument;
import dev.tollgate.invoicing.service.PendingLineService;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenMeter's billing customer endpoints: a customer's overrides ({@code /api/v1/billing/customers}), its one-off
 * charges ({@code …/invoices/pending-lines}) and the invoice it would get ({@code …/invoices/simulate}).
 */
@Path("/api/v1/billing/customers")
@Tag(name = "Billing")
@Produces(MediaType.APPLICATION_JSON)
public class BillingCustomersResource {

    private static final List<String> ORDER_BY = List.of("customerId", "customerName", "customerKey",
            "customerPrimaryEmail", "customerCreatedAt");

    /** OpenMeter's {@code InvoicePendingLineCreateInput} and {@code InvoiceSimulationInput}. */
    public record PendingLinesInput(String currency, String number, List<PendingLineDraft> lines) {
    }

    /** OpenMeter's {@code InvoicePendingLineCreateResponse}. */
    public record PendingLinesCreated(List<InvoiceLineView> lines, InvoiceView invoice, boolean isInvoiceNew) {
    }

    private final CustomerBillingService billing;
    private final PendingLineService pending;
    private final LineJson json;
    private final CurrentCaller caller;

    BillingCustomersResource(CustomerBillingService billing, PendingLineService pending, LineJson json,
            CurrentCaller caller) {
        this.billing = billing;
        this.pending = pending;
        this.json = json;
        this.caller = caller;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List customer overrides", description = "includeAllCustomers=true lists every customer"
            + " with the workflow in effect for it")
    public CustomerOverrideView.Page list(@QueryParam("billingProfile") List<String> billingProfile,
            @QueryParam("includeAllCustomers") boolean includeAllCustomers,
            @QueryParam("customerId") List<String> customerId, @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize, @QueryParam("orderBy") String orderBy,
            @QueryParam("order") String order) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        String by = Paging.orderBy(orderBy == null ? "customerId" : orderBy, ORDER_BY, errors);
        boolean descending = Paging.descending(order, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String column = switch (by) {
            case "customerName" -> "name";
            case "customerKey" -> "key";
            case "customerPrimaryEmail" -> "primaryEmail";
            case "customerCreatedAt" -> "createdAt";
            default -> "id";
        };
        Paging.Page<CustomerBilling> found = billing.list(caller.namespace(), includeAllCustomers, billingProfile,
                customerId, column, descending, paging);
        return new CustomerOverrideView.Page(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(CustomerOverrideView::of).toList());
    }

    @GET
    @Path("/{customerId}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a customer's override and the workflow in effect")
    public CustomerOverrideView get(@PathParam("customerId") String customerId) {
        return CustomerOverrideView.of(billing.get(caller.namespace(), customerId));
    }

    @PUT
    @Path("/{customerId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Create or replace a customer's override", description = "billingProfileId pins the"
            + " customer to a profile; workflow holds the settings the customer changes")
    public CustomerOverrideView upsert(@PathParam("customerId") String customerId, CustomerOverrideDraft draft) {
        return CustomerOverrideView.of(billing.upsert(caller.namespace(), customerId, draft));
    }

    @DELETE
    @Path("/{customerId}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Delete a customer's override")
    public Response delete(@PathParam("customerId") String customerId) {
        billing.delete(caller.namespace(), customerId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{customerId}/invoices/pending-lines")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Add one-off charges", description = "Lines with a flat price are flat fees; others bill"
            + " their featureKey's usage over the period. They are invoiced at invoiceAt")
    public Response addPendingLines(@PathParam("customerId") String customerId, PendingLinesInput input) {
        PendingLinesInput body = requireBody(input, "pending lines");
        PendingLineService.Created created = pending.add(caller.namespace(), customerId, body.currency(),
                body.lines());
        InvoiceView invoice = InvoiceView.of(new InvoiceDocument(created.invoice(), List.of()), json, false);
        List<InvoiceLineView> lines = created.lines().stream()
                .map(l -> InvoiceLineView.of(l, created.invoice().number, json)).toList();
        return Response.status(Response.Status.CREATED)
                .entity(new PendingLinesCreated(lines, invoice, created.isInvoiceNew())).build();
    }

    @POST
    @Path("/{customerId}/invoices/simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.READ)
    @Operation(summary = "Preview an invoice", description = "With lines (each with its quantity): those lines"
            + " priced as an invoice. With no body or no lines: the invoice the customer's pending lines would make"
            + " now. Nothing is kept")
    public InvoiceView simulate(@PathParam("customerId") String customerId, PendingLinesInput input) {
        if (input == null || input.lines() == null) {
            List<InvoiceDocument> previews = pending.preview(caller.namespace(), customerId);
            if (previews.isEmpty()) {
                throw ApiException.invalid("customerId", "nothing_to_invoice", "customerId has no pending lines"
                        + " that would be invoiced now");
            }
            return InvoiceView.of(previews.get(0), json, true);
        }
        return InvoiceView.of(pending.simulate(caller.namespace(), customerId, input.currency(), input.number(),
                input.lines()), json, true);
    }
}
