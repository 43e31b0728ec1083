package dev.tollgate.entitlements.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.entitlements.access.AccessCheck;
import dev.tollgate.entitlements.access.AccessConfig;
import dev.tollgate.entitlements.access.AccessDecision;
import dev.tollgate.shared.auth.CurrentCaller;
import dev.tollgate.shared.auth.RequiresScope;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.Problem;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The check a gateway makes on every request: may this subject use this feature now? 200 when it may, 429 when a hard
 * limit is used up, 403 without an entitlement (or, by default, for a subject no customer holds). Every metered answer
 * carries the IETF {@code RateLimit-Policy} and {@code RateLimit} headers. The subject and feature come as parameters
 * or in headers, and any method and any path below {@code /check} is accepted, so that nginx {@code auth_request},
 * Envoy {@code ext_authz} (HTTP) and Traefik {@code forwardAuth} can call it as it is.
 */
@Path("/api/v1/access/check")
@Tag(name = "Entitlements")
@RequiresScope(Scope.READ)
public class AccessCheckResource {

    private final AccessCheck access;
    private final AccessConfig config;
    private final CurrentCaller caller;

    AccessCheckResource(AccessCheck access, AccessConfig config, CurrentCaller caller) {
        this.access = access;
        this.config = config;
        this.caller = caller;
    }

    /** The answer's body: whether access is granted, and why not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(boolean hasAccess, String featureKey, String customerId, String entitlementId,
            BigDecimal balance) {
    }

    @GET
    @NonBlocking
    @Operation(summary = "Check access for a gateway", description = "subject (or customer, by id or key) and"
            + " feature as parameters, or in the X-Tollgate-Subject (also X-Consumer-Username, X-Consumer-Custom-ID)"
            + " and X-Tollgate-Feature headers. 200 allowed, 429 hard limit used up, 403 no entitlement or unknown"
            + " subject; RateLimit-Policy and RateLimit headers on metered answers. Any method and any sub-path work"
            + " the same, for nginx auth_request, Envoy ext_authz and Traefik forwardAuth")
    public Response get(@QueryParam("subject") String subject, @QueryParam("customer") String customer,
            @QueryParam("feature") String feature, @Context HttpHeaders headers) {
        return answer(subject, customer, feature, headers);
    }

    @GET
    @Path("/{path: .*}")
    @NonBlocking
    @Operation(hidden = true)
    public Response getBelow(@QueryParam("subject") String subject, @QueryParam("customer") String customer,
            @QueryParam("feature") String feature, @Context HttpHeaders headers) {
        return answer(subject, customer, feature, headers);
    }

    @POST
    @Path("/{path: .*}")
    @NonBlocking
    @Operation(hidden = true)
    public Response post(@QueryParam("subject") String subject, @QueryParam("customer") String customer,
            @QueryParam("feature") String feature, @Context HttpHeaders headers) {
        return answer(subject, customer, feature, headers);
    }

    @PUT
    @Path("/{path: .*}")
    @NonBlocking
    @Operation(hidden = true)
    public Response put(@QueryParam("subject") String subject, @QueryParam("customer") String customer,
            @QueryParam("feature") String feature, @Context HttpHeaders headers) {
        return answer(subject, customer, feature, headers);
    }

    @PATCH
    @Path("/{path: .*}")
    @NonBlocking
    @Operation(hidden = true)
    public Response patch(@QueryParam("subject") String subject, @QueryParam("customer") String customer,
            @QueryParam("feature") String feature, @Context HttpHeaders headers) {
        return answer(subject, customer, feature, headers);
    }

    @DELETE
    @Path("/{path: .*}")
    @NonBlocking
    @Operation(hidden = true)
    public Response delete(@QueryParam("subject") String subject, @QueryParam("customer") String customer,
            @QueryParam("feature") String feature, @Context HttpHeaders headers) {
        return answer(subject, customer, feature, headers);
    }

    @HEAD
    @Path("/{path: .*}")
    @NonBlocking
    @Operation(hidden = true)
    public Response head(@QueryParam("subject") String subject, @QueryParam("customer") String customer,
            @QueryParam("feature") String feature, @Context HttpHeaders headers) {
        return answer(subject, customer, feature, headers);
    }

    private Response answer(String subjectParam, String customer, String featureParam, HttpHeaders headers) {
        String feature = featureParam != null ? featureParam : headers.getHeaderString(config.featureHeader());
        String subject = subjectParam;
        for (int i = 0; subject == null && i < config.subjectHeaders().size(); i++) {
            subject = headers.getHeaderString(config.subjectHeaders().get(i));
        }
        if (feature == null || feature.isBlank()) {
            throw ApiException.invalid("feature", "required", "feature is required: the feature parameter or the "
                    + config.featureHeader() + " header");
        }
        if ((subject == null || subject.isBlank()) && (customer == null || customer.isBlank())) {
            throw ApiException.invalid("subject", "required", "subject is required: the subject or customer"
                    + " parameter, or one of the headers " + String.join(", ", config.subjectHeaders()));
        }
        AccessDecision decision = access.check(caller.namespace(), subject, customer, feature).orElseThrow(
                () -> ApiException.unavailable("the access view is being built; try again in a moment",
                        Duration.ofSeconds(1)));
        Response.ResponseBuilder response = Response.status(decision.status());
        if (decision.remaining() != null) {
            String name = "\"" + feature.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            response.header("RateLimit-Policy", name + ";q=" + whole(decision.quota()) + ";w="
                    + decision.windowSeconds());
            response.header("RateLimit", name + ";r=" + whole(decision.remaining()) + ";t="
                    + decision.resetSeconds());
        }
        if (decision.status() == 200) {
            return response.type("application/json").entity(new Answer(true, feature, decision.customerId(),
                    decision.entitlementId(), decision.remaining())).build();
        }
        if (decision.status() == 429) {
            response.header("Retry-After", decision.resetSeconds());
        }
        String title = decision.status() == 429 ? "Too Many Requests" : "Forbidden";
        return response.type(Problem.MEDIA_TYPE).entity(new Problem("about:blank", title, decision.status(),
                decision.reason(), null, Map.of("hasAccess", false, "featureKey", feature))).build();
    }

    /** Structured-field integers: the whole units left, never negative. */
    private static long whole(BigDecimal amount) {
        return amount == null ? 0 : amount.setScale(0, RoundingMode.FLOOR).max(BigDecimal.ZERO).longValueExact();
    }
}
