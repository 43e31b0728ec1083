package dev.tollgate.invoicing.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.invoicing.domain.PaymentTrigger;
import dev.tollgate.invoicing.service.InvoiceService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenMeter's custom invoicing app: a payment system other than Stripe reports an invoice's payment outcome here.
 */
@Path("/api/v1/apps/custom-invoicing")
@Tag(name = "Apps")
public class CustomInvoicingResource {

    public record PaymentStatus(String trigger) {
    }

    private final InvoiceService invoices;
    private final CurrentCaller caller;

    CustomInvoicingResource(InvoiceService invoices, CurrentCaller caller) {
        this.invoices = invoices;
        this.caller = caller;
    }

    @POST
    @Path("/{invoiceId}/payment/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Report an invoice's payment status", description = "trigger: paid, payment_failed,"
            + " payment_uncollectible, payment_overdue, action_required or void")
    public Response paymentStatus(@PathParam("invoiceId") String invoiceId, PaymentStatus status) {
        String trigger = requireBody(status, "a payment status").trigger();
        PaymentTrigger parsed = PaymentTrigger.ofWireName(trigger == null ? "" : trigger).orElseThrow(() ->
                ApiException.invalid("trigger", "invalid", "trigger must be one of " + Arrays.stream(
                        PaymentTrigger.values()).map(PaymentTrigger::wireName).toList()));
        invoices.paymentStatus(caller.namespace(), invoiceId, parsed);
        return Response.noContent().build();
    }
}
