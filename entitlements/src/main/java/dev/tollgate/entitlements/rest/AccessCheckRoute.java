package dev.tollgate.entitlements.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.entitlements.access.AccessCheck;
import dev.tollgate.entitlements.access.AccessConfig;
import dev.tollgate.entitlements.access.AccessDecision;
import dev.tollgate.shared.auth.ApiKeyAuthFilter;
import dev.tollgate.shared.auth.ApiKeyService;
import dev.tollgate.shared.auth.Caller;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.Problem;
import dev.tollgate.shared.problem.ProblemExceptionMapper;
import dev.tollgate.shared.problem.RouteAnswers;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The check a gateway makes on every request: may this subject use this feature now? 200 when it may, 429 when a hard
 * limit is used up, 403 without an entitlement (or, by default, for a subject no customer holds). Every metered answer
 * carries the IETF {@code RateLimit-Policy} and {@code RateLimit} headers. The subject and feature come as parameters
 * or in headers, and any method and any path below {@code /check} is accepted, so that nginx {@code auth_request},
 * Envoy {@code ext_authz} (HTTP) and Traefik {@code forwardAuth} can call it as it is.
 *
 * <p>It is a plain Vert.x route rather than a REST resource: at ten thousand checks a second, the REST layer's
 * per-request objects were most of the garbage, and garbage collections set the check's tail latency
 * (docs/performance.md, "Access check"). The contract is the rest of the API's: an API key with the read scope, and
 * problem+json from {@link ProblemExceptionMapper}. {@link AccessCheckDocument} describes it in the OpenAPI document.
 */
@ApplicationScoped
class AccessCheckRoute {

    static final String PATH = "/api/v1/access/check";
    private static final String JSON = "application/json";

    private final AccessCheck access;
    private final AccessConfig config;
    private final ApiKeyService keys;
    private final ObjectMapper json;

    AccessCheckRoute(AccessCheck access, AccessConfig config, ApiKeyService keys, ObjectMapper json) {
        this.access = access;
        this.config = config;
        this.keys = keys;
        this.json = json;
    }

    /** The answer's body: whether access is granted, and to what. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Answer(boolean hasAccess, String featureKey, String customerId, String entitlementId, BigDecimal balance) {
    }

    /** Ahead of the REST layer's routes, behind Quarkus's own (body limits, compression). */
    void register(@Observes Router router) {
        router.routeWithRegex(Pattern.quote(PATH) + "(/.*)?").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::handle);
    }

    void handle(RoutingContext context) {
        // Metrics name the route once, not once per gateway path below it.
        context.put("UrlPathTemplate", PATH);
        HttpServerRequest request = context.request();
        ApiKeyAuthFilter.authenticate(request, keys, Scope.READ, json, caller -> answer(request, caller));
    }

    private void answer(HttpServerRequest request, Caller caller) {
        String feature = request.getParam("feature");
        if (feature == null) {
            feature = request.getHeader(config.featureHeader());
        }
        String subject = request.getParam("subject");
        for (int i = 0; subject == null && i < config.subjectHeaders().size(); i++) {
            subject = request.getHeader(config.subjectHeaders().get(i));
        }
        String customer = request.getParam("customer");
        if (feature == null || feature.isBlank()) {
            throw ApiException.invalid("feature", "required", "is required: the feature parameter or the "
                    + config.featureHeader() + " header");
        }
        if ((subject == null || subject.isBlank()) && (customer == null || customer.isBlank())) {
            throw ApiException.invalid("subject", "required", "is required: the subject or customer"
                    + " parameter, or one of the headers " + String.join(", ", config.subjectHeaders()));
        }
        AccessDecision decision = access.check(caller.namespace(), subject, customer, feature).orElseThrow(
                () -> ApiException.unavailable("the access view is being built; try again in a moment",
                        Duration.ofSeconds(1)));
        HttpServerResponse response = request.response().setStatusCode(decision.status());
        if (decision.remaining() != null) {
            String name = "\"" + feature.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            response.putHeader("RateLimit-Policy", name + ";q=" + whole(decision.quota()) + ";w="
                    + decision.windowSeconds());
            response.putHeader("RateLimit", name + ";r=" + whole(decision.remaining()) + ";t="
                    + decision.resetSeconds());
        }
        if (decision.status() == 200) {
            end(response, JSON, new Answer(true, feature, decision.customerId(), decision.entitlementId(),
                    decision.remaining()));
            return;
        }
        if (decision.status() == 429) {
            response.putHeader("Retry-After", String.valueOf(decision.resetSeconds()));
        }
        String title = decision.status() == 429 ? "Too Many Requests" : "Forbidden";
        end(response, Problem.MEDIA_TYPE, new Problem("about:blank", title, decision.status(), decision.reason(), null,
                Map.of("hasAccess", false, "featureKey", feature)));
    }

    private void end(HttpServerResponse response, String contentType, Object body) {
        RouteAnswers.write(response, contentType, body, json);
    }

    /** Structured-field integers: the whole units left, never negative. */
    private static long whole(BigDecimal amount) {
        return amount == null ? 0 : amount.setScale(0, RoundingMode.FLOOR).max(BigDecimal.ZERO).longValueExact();
    }
}
