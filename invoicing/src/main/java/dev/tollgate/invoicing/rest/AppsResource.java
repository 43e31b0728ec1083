package dev.tollgate.invoicing.rest;

import static dev.tollgate.shared.problem.ApiException.requireBody;

import dev.tollgate.invoicing.stripe.StripeAppService;
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

/** OpenMeter's installed apps ({@code /api/v1/apps}) and marketplace ({@code /api/v1/marketplace/listings}). */
@Path("/api/v1")
@Tag(name = "Apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppsResource {

    /** OpenMeter's {@code apiKey} install body. */
    public record ApiKeyInstall(String name, String apiKey, Boolean createBillingProfile) {
    }

    /** OpenMeter's {@code StripeAPIKeyInput}. */
    public record StripeApiKey(String secretAPIKey) {
    }

    private final StripeAppService apps;
    private final CurrentCaller caller;

    AppsResource(StripeAppService apps, CurrentCaller caller) {
        this.apps = apps;
        this.caller = caller;
    }

    @GET
    @Path("/apps")
    @RequiresScope(Scope.READ)
    @Operation(summary = "List installed apps")
    public AppView.Page list(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        Paging paging = paging(page, pageSize);
        Paging.Page<dev.tollgate.invoicing.stripe.StripeApp> found = apps.list(caller.namespace(), paging);
        return new AppView.Page(found.totalCount(), paging.page(), paging.pageSize(),
                found.items().stream().map(AppView::of).toList());
    }

    @GET
    @Path("/apps/{id}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get an installed app")
    public AppView get(@PathParam("id") String id) {
        return AppView.of(apps.get(caller.namespace(), id));
    }

    @DELETE
    @Path("/apps/{id}")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Uninstall an app", description = "409 while a billing profile invoices through it")
    public Response uninstall(@PathParam("id") String id) {
        apps.uninstall(caller.namespace(), id);
        return Response.noContent().build();
    }

    @PUT
    @Path("/apps/{id}/stripe/api-key")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Replace a Stripe app's API key", description = "The key must belong to the same Stripe"
            + " account; it is checked against Stripe and stored encrypted")
    public Response replaceKey(@PathParam("id") String id, StripeApiKey body) {
        apps.replaceKey(caller.namespace(), id, requireBody(body, "a Stripe API key").secretAPIKey());
        return Response.noContent().build();
    }

    @GET
    @Path("/marketplace/listings")
    @RequiresScope(Scope.READ)
    @Operation(summary = "List the apps that can be installed")
    public AppView.Listings listings(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        Paging paging = paging(page, pageSize);
        return new AppView.Listings(1, paging.page(), paging.pageSize(),
                paging.page() == 1 ? List.of(AppView.STRIPE) : List.of());
    }

    @GET
    @Path("/marketplace/listings/{type}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Get a marketplace listing")
    public AppView.Listing listing(@PathParam("type") String type) {
        requireStripe(type);
        return AppView.STRIPE;
    }

    @POST
    @Path("/marketplace/listings/{type}/install/apikey")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Install an app with an API key", description = "Stripe: the secret key is checked against"
            + " Stripe, a webhook endpoint is registered, and both secrets are stored encrypted")
    public AppView.Installed install(@PathParam("type") String type, ApiKeyInstall body) {
        requireStripe(type);
        ApiKeyInstall install = requireBody(body, "an API key install request");
        StripeAppService.Installed installed = apps.install(caller.namespace(), install.name(), install.apiKey(),
                install.createBillingProfile());
        return new AppView.Installed(AppView.of(installed.app()), installed.defaultForCapabilityTypes());
    }

    private static void requireStripe(String type) {
        if (!StripeAppService.TYPE.equals(type)) {
            throw ApiException.notFound("no marketplace listing has type '" + type + "'; Tollgate lists: stripe");
        }
    }

    private static Paging paging(String page, String pageSize) {
        List<ValidationError> errors = new ArrayList<>();
        Paging paging = Paging.parse(page, pageSize, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return paging;
    }
}
