package dev.tollgate.ingest.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.domain.BinaryCloudEvent;
import dev.tollgate.ingest.service.IngestService;
import dev.tollgate.shared.auth.ApiKeyAuthFilter;
import dev.tollgate.shared.auth.ApiKeyService;
import dev.tollgate.shared.auth.Caller;
import dev.tollgate.shared.auth.Scope;
import dev.tollgate.shared.problem.RouteAnswers;
import dev.tollgate.shared.roles.Role;
import dev.tollgate.shared.roles.Roles;
import dev.tollgate.shared.web.HttpEdgeConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/events} as gateways and SDKs send it nearly always: a structured CloudEvent or batch, not
 * compressed, with a Content-Length within the limits, to a process that ingests. At ten thousand single-event POSTs a
 * second, the REST layer's own work per request (media-type matching, reader lookup, request context, filters' proxies)
 * was 40 % of the event loops' time (docs/performance.md, "Ninth scale-out ingest runs"), so this plain Vert.x route
 * serves that case. Every other request to the path goes on to {@link EventsResource}, which answers it as it always
 * did: gzip, binary mode, a chunked body, {@code Expect: 100-continue}, another media type, a body over a limit, a
 * process without the ingest role. The contract is the resource's, which documents it: the same key and scope, rules,
 * problems and 204.
 */
@ApplicationScoped
class EventsRoute {

    static final String PATH = "/api/v1/events";
    private static final Logger LOG = Logger.getLogger(EventsRoute.class);

    private final IngestService ingest;
    private final ApiKeyService keys;
    private final ObjectMapper json;
    private final EventBody.Reader bodies;
    private final boolean served;
    /** Larger bodies go to the resource, which answers them with its 413s. */
    private final long maxBodySize;

    EventsRoute(IngestService ingest, ApiKeyService keys, ObjectMapper json, Roles roles, IngestConfig config,
            HttpEdgeConfig edge) {
        this.ingest = ingest;
        this.keys = keys;
        this.json = json;
        this.bodies = new EventBody.Reader(json);
        this.served = roles.runs(Role.INGEST);
        this.maxBodySize = Math.min(config.maxBodySize().asLongValue(),
                edge.maxDecompressedBodySize().asLongValue());
    }

    /** Ahead of the REST layer's routes, behind Quarkus's own and the edge guard. */
    void register(@Observes Router router) {
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<String> type = structuredType(request.getHeader(HttpHeaders.CONTENT_TYPE));
        long length = contentLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (!served || type.isEmpty() || length < 1 || length > maxBodySize
                || request.headers().contains(HttpHeaders.CONTENT_ENCODING)
                || request.headers().contains(BinaryCloudEvent.SPEC_VERSION_HEADER)
                // The REST layer answers "Expect: 100-continue" (curl sends it for bodies over 1 MB); this route
                // would leave the client waiting for it.
                || request.headers().contains(HttpHeaders.EXPECT)) {
            context.next();
            return;
        }
        context.put("UrlPathTemplate", PATH);
        request.body().onSuccess(body -> ApiKeyAuthFilter.authenticate(request, keys, Scope.INGEST, json,
                caller -> ingest(request, type.get(), body.getBytes(), caller)))
                .onFailure(failure -> LOG.debugf("the body of POST %s could not be read: %s", PATH, failure));
        // Quarkus pauses every request until a handler takes its body: this one has.
        request.resume();
    }

    private void ingest(HttpServerRequest request, String type, byte[] body, Caller caller) throws Exception {
        EventBody parsed = bodies.read(body);
        EventsResource.requireShapeFits(type.equals(EventsResource.CLOUDEVENT),
                type.equals(EventsResource.CLOUDEVENT_BATCH), parsed.array());
        ingest.accept(caller.namespace(), parsed.events(), parsed.array()).whenComplete((acknowledged, failure) -> {
            if (failure == null) {
                request.response().setStatusCode(204).end();
            } else {
                RouteAnswers.failure(request, failure, json);
            }
        });
    }

    /** The media type without its parameters, if it is one of the structured ones the resource consumes. */
    static Optional<String> structuredType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim()
                .toLowerCase(Locale.ROOT);
        return switch (type) {
            case EventsResource.CLOUDEVENT, EventsResource.CLOUDEVENT_BATCH, "application/json" -> Optional.of(type);
            default -> Optional.empty();
        };
    }

    /** The declared length, or -1 without a valid one (a chunked body). */
    static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
