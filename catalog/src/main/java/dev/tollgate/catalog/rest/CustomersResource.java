package dev.tollgate.catalog.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.domain.CustomerDraft;
import dev.tollgate.catalog.domain.CustomerPage;
import dev.tollgate.catalog.service.CustomerService;
import dev.tollgate.catalog.service.SubscriptionService;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
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
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenMeter-compatible customers: {@code /api/v1/customers}. */
@Path("/api/v1/customers")
@Tag(name = "Customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomersResource {

    private static final String EXPAND = "subscriptions (the default): the subscriptions that run now";

    private final CustomerService customers;
    private final SubscriptionService subscriptions;
    private final CurrentCaller caller;
    private final Clock clock;

    CustomersResource(CustomerService customers, SubscriptionService subscriptions, CurrentCaller caller,
            Clock clock) {
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "List customers", description = "Paginated; key, name, primaryEmail and subject are"
            + " case-insensitive partial matches")
    public CustomerPageView list(@Parameter(description = "1-based, default 1") @QueryParam("page") String page,
            @Parameter(description = "1 to 1000, default 100") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "ASC (default) or DESC") @QueryParam("order") String order,
            @Parameter(description = "id, name (default) or createdAt") @QueryParam("orderBy") String orderBy,
            @QueryParam("includeDeleted") boolean includeDeleted, @QueryParam("key") String key,
            @QueryParam("name") String name, @QueryParam("primaryEmail") String primaryEmail,
            @QueryParam("subject") String subject, @Parameter(description = EXPAND) @QueryParam("expand")
            List<String> expand) {
        requireKnownExpansions(expand);
        CustomerService.ListRequest request = new CustomerService.ListRequest(page, pageSize, order, orderBy,
                includeDeleted, key, name, primaryEmail, subject);
        CustomerPage found = customers.list(caller.namespace(), request);
        return CustomerPageView.of(found, subscriptions.activeOf(caller.namespace(),
                found.items().stream().map(Customer::id).toList()), clock.instant());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a customer", description = "409 when the key or a subject is taken by another"
            + " customer")
    public Response create(CustomerDraft draft) {
        Customer customer = customers.create(caller.namespace(), requireBody(draft, "a customer"));
        return Response.status(Response.Status.CREATED).entity(CustomerView.of(customer)).build();
    }

    @GET
    @Path("/{customerIdOrKey}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a customer by id or key", description = "A deleted customer is found by its id only."
            + " currentSubscriptionId and subscriptions name the subscriptions that run now.")
    public CustomerView get(@PathParam("customerIdOrKey") String customerIdOrKey,
            @Parameter(description = EXPAND) @QueryParam("expand") List<String> expand) {
        requireKnownExpansions(expand);
        Customer customer = customers.get(caller.namespace(), customerIdOrKey);
        return CustomerView.of(customer, subscriptions.activeOf(caller.namespace(), List.of(customer.id()))
                .getOrDefault(customer.id(), List.of()), clock.instant());
    }

    @PUT
    @Path("/{customerIdOrKey}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a customer", description = "Every field is replaced; one left out is cleared")
    public CustomerView update(@PathParam("customerIdOrKey") String customerIdOrKey, CustomerDraft draft) {
        return CustomerView.of(customers.update(caller.namespace(), customerIdOrKey, requireBody(draft, "a customer")));
    }

    @DELETE
    @Path("/{customerIdOrKey}")
    @Operation(summary = "Delete a customer", description = "Soft delete: its key and subjects become free. 409 while"
            + " it has live child customers.")
    public Response delete(@PathParam("customerIdOrKey") String customerIdOrKey) {
        customers.delete(caller.namespace(), customerIdOrKey);
        return Response.noContent().build();
    }

    /** OpenMeter's only expansion, on by default; anything else is a mistake worth naming. */
    private static void requireKnownExpansions(List<String> expand) {
        if (expand != null) {
            expand.stream().filter(e -> !"subscriptions".equals(e)).findFirst().ifPresent(e -> {
                throw ApiException.invalid("expand", "unknown", "can only be 'subscriptions', not '" + e + "'");
            });
        }
    }
}
