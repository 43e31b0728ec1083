package dev.tollgate.shared.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.RouteAnswers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every REST call by its API key (a bearer token, or the {@link #KEY_HEADER} header) and checks the
 * scope the endpoint declares with {@link RequiresScope}. Verified keys are cached, so the common path never leaves
 * the I/O thread.
 */
public class ApiKeyAuthFilter {

    private static final String BEARER = "Bearer ";
    /**
     * The API key may also come in this header, which wins over Authorization: a gateway's auth subrequest (nginx
     * auth_request, Envoy ext_authz, Traefik forwardAuth) carries the client's own Authorization header.
     */
    public static final String KEY_HEADER = "X-Tollgate-Api-Key";
    private static final Map<Method, Scope> REQUIRED_SCOPES = new ConcurrentHashMap<>();

    @Inject
    ApiKeyService keys;

    @Inject
    CurrentCaller currentCaller;

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(
                SignedRequest.class)) {
            return Uni.createFrom().voidItem(); // the endpoint verifies the sender's signature itself
        }
        if (resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(
                BrowserSession.class)) {
            return Uni.createFrom().voidItem(); // the console's session cookie; its calls to the API carry the key
        }
        Scope required = requiredScope(resource);
        String secret = secret(request.getHeaderString(KEY_HEADER),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        return keys.authenticate(secret).map(found -> {
            currentCaller.set(require(found, required));
            return null;
        });
    }

    /** What a route does for a caller that holds the scope; whatever it throws is answered as a problem. */
    @FunctionalInterface
    public interface RouteAction {
        void run(Caller caller) throws Exception;
    }

    /**
     * Authenticates a request served by a plain Vert.x route (the access check, event ingestion) as this filter does
     * the REST layer's, and runs {@code action} for its caller. A missing, unknown or revoked key, a key without the
     * scope, and any failure of {@code action} are answered as problems ({@link RouteAnswers}). A recently verified
     * key answers at once, on the event loop; otherwise on a worker, and {@code action} runs there too.
     */
    public static void authenticate(HttpServerRequest request, ApiKeyService keys, Scope required, ObjectMapper json,
            RouteAction action) {
        String secret;
        try {
            secret = secret(request.getHeader(KEY_HEADER), request.getHeader(HttpHeaders.AUTHORIZATION));
        } catch (ApiException e) {
            RouteAnswers.failure(request, e, json);
            return;
        }
        Optional<Caller> known = keys.recentlyVerified(secret);
        if (known != null) {
            // The usual request: no Uni, so no context captured and no subscription made on the event loop.
            answer(request, known, required, json, action);
            return;
        }
        keys.authenticate(secret).subscribe().with(found -> answer(request, found, required, json, action),
                failure -> RouteAnswers.failure(request, failure, json));
    }

    private static void answer(HttpServerRequest request, Optional<Caller> found, Scope required, ObjectMapper json,
            RouteAction action) {
        try {
            action.run(require(found, required));
        } catch (Exception e) {
            RouteAnswers.failure(request, e, json);
        }
    }

    /**
     * The API key a request carries: the {@link #KEY_HEADER} header, else the bearer token.
     *
     * @throws ApiException 401 when there is none
     */
    public static String secret(String keyHeader, String authorization) {
        return keyHeader != null && !keyHeader.isBlank() ? keyHeader.trim() : bearerSecret(authorization);
    }

    /**
     * The caller a key resolved to, if it holds the scope.
     *
     * @throws ApiException 401 for an unknown or revoked key, 403 for a key without the scope
     */
    public static Caller require(Optional<Caller> found, Scope required) {
        Caller c = found.orElseThrow(() -> ApiException.unauthorized("the API key is not valid or was revoked"));
        if (!c.holds(required)) {
            throw ApiException.forbidden("this API key lacks the '" + required.wireName() + "' scope");
        }
        return c;
    }

    private static String bearerSecret(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("missing Authorization header; send 'Authorization: Bearer <api key>'");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            throw ApiException.unauthorized("the Authorization header must use the Bearer scheme with an API key");
        }
        return authorization.substring(BEARER.length()).trim();
    }

    private static Scope requiredScope(ResourceInfo resource) {
        return REQUIRED_SCOPES.computeIfAbsent(resource.getResourceMethod(), method -> {
            RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
            if (onMethod != null) {
                return onMethod.value();
            }
            RequiresScope onClass = resource.getResourceClass().getAnnotation(RequiresScope.class);
            return onClass != null ? onClass.value() : Scope.ADMIN;
        });
    }
}
