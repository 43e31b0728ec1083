package dev.tollgate.shared.web;

import dev.tollgate.shared.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, with a problem+json answer, requests that no endpoint could read: a URI too long, a path or query that is
 * not a valid URI (a raw '{', a bad %-escape) or that encodes a NUL character (which PostgreSQL cannot store), and a
 * body compressed with an encoding Tollgate does not decode. Runs before routing, so these never reach a resource.
 */
@ApplicationScoped
public class RequestEdgeGuard {

    /** Characters RFC 3986 allows in a path or query, besides letters, digits and %-escapes. */
    private static final String URI_CHARACTERS = "-._~!$&'()*+,;=:@/?";
    /** Also taken in a query: clients send deepObject parameters such as filterGroupBy[model] unescaped. */
    private static final String QUERY_EXTRAS = "[]";
    /** Ahead of everything else, authentication included. */
    private static final int PRIORITY = 20_000;

    private final HttpEdgeLimits limits;

    RequestEdgeGuard(HttpEdgeLimits limits) {
        this.limits = limits;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    /**
     * Requests the router itself refuses (a URI it cannot parse, a body over the HTTP server's limit) would otherwise
     * get an empty answer: give them a problem too.
     */
    void answerRouterFailures(@Observes Router router) {
        router.errorHandler(400, context -> refuseIfOpen(context, 400, context.request().path() == null
                ? "the request URI cannot be parsed; %-encode characters such as '{' and '|'"
                : "the request cannot be read"));
        router.errorHandler(413, context -> refuseIfOpen(context, 413,
                "the request body is over the server's limit (quarkus.http.limits.max-body-size)"));
    }

    private static void refuseIfOpen(RoutingContext context, int status, String detail) {
        if (!context.response().ended() && !context.response().headWritten()) {
            refuse(context, status, detail);
        }
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (uri.length() > limits.maxUriLength()) {
            refuse(context, 414, "the request URI is " + uri.length() + " characters; the limit is "
                    + limits.maxUriLength() + " (tollgate.http.max-uri-length)");
            return;
        }
        Optional<String> problem = uriProblem(uri);
        if (problem.isPresent()) {
            refuse(context, 400, problem.get());
            return;
        }
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !RequestBodyDecoding.isSupported(encoding)) {
            refuse(context, 415, "Content-Encoding '" + abbreviate(encoding) + "' is not supported; send the body"
                    + " as it is or gzip-compressed (Content-Encoding: gzip)");
            return;
        }
        context.next();
    }

    /** Why the URI cannot be read, naming the part: path or query. */
    static Optional<String> uriProblem(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        Optional<String> inPath = partProblem("path", path);
        return inPath.isPresent() || query < 0 ? inPath : partProblem("query", uri.substring(query + 1));
    }

    private static Optional<String> partProblem(String part, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    return Optional.of("the " + part + " has a '%' that starts no %-escape (two hex digits)");
                }
                if (hex(text.charAt(i + 1)) == 0 && hex(text.charAt(i + 2)) == 0) {
                    return Optional.of("the " + part + " holds a NUL character (%00)");
                }
                i += 2;
            } else if (!(c < 128 && (Character.isLetterOrDigit(c) || URI_CHARACTERS.indexOf(c) >= 0
                    || part.equals("query") && QUERY_EXTRAS.indexOf(c) >= 0))) {
                return Optional.of("the " + part + " holds '" + (c < 32 || c == 127 ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c)) + "', which a URI must %-encode");
            }
        }
        return Optional.empty();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static void refuse(RoutingContext context, int status, String detail) {
        String title = jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                : jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase();
        Problem problem = new Problem("about:blank", title, status, detail, null, Map.of());
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
