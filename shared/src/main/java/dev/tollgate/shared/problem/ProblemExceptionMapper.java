package dev.tollgate.shared.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become {@code application/problem+json}. Client mistakes get a 4xx with a detail that
 * names what was wrong; anything unexpected gets a bare 500 whose detail is only a reference to the log line.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest request) {
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(problem(e, request));
        if (e.retryAfter() != null) {
            response.header("Retry-After", retryAfterSeconds(e));
        }
        return response.build();
    }

    /** The problem an {@link ApiException} is, for the few routes served outside the REST layer. */
    public static Problem problem(ApiException e, HttpServerRequest request) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (!e.validationErrors().isEmpty()) {
            extensions.put("validationErrors", e.validationErrors());
        }
        extensions.putAll(e.extensions());
        return problem(e.status(), e.getMessage(), request, extensions);
    }

    /** Its {@code Retry-After} in whole seconds, at least 1; call only when it has one. */
    public static long retryAfterSeconds(ApiException e) {
        return Math.max(1, e.retryAfter().toSeconds());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        // The REST layer wraps a body it could not read: answer for what was wrong with it.
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, request);
        }
        if (e.getCause() instanceof NumberFormatException number) {
            return number(number, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return build(status, clientDetail(status, request), request, Map.of()).build();
    }

    /**
     * A body that is not JSON, or JSON that cannot be bound. The answer says where, in JSON's terms: Jackson's own
     * messages name Java types, which mean nothing to a client and say too much about the server.
     */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return api(unreadable(e), request);
    }

    private static ApiException unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            String detail = field + " is not valid here";
            return new ApiException(400, detail, List.of(new ValidationError(field, "type", detail)), null);
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
        return ApiException.badRequest("the body is not valid JSON" + where);
    }

    /**
     * A body that is JSON but of the wrong shape. Declared for this exact type because Quarkus maps it itself (to a
     * bare 400) ahead of any mapper for its supertypes.
     */
    @ServerExceptionMapper
    public Response jsonShape(MismatchedInputException e, HttpServerRequest request) {
        String field = jsonPath(e.getPath());
        if (field.isEmpty()) {
            return build(400, "the JSON body must be " + JsonTypes.expected(e.getTargetType()), request, Map.of())
                    .build();
        }
        String detail = e instanceof InvalidFormatException invalid && invalid.getValue() instanceof String text
                && text.indexOf('\u0000') >= 0 ? field + " must not contain the NUL character"
                : field + " must be " + JsonTypes.expected(e.getTargetType());
        return invalidField(field, detail, request);
    }

    /**
     * A number in a JSON body beyond what can be read at all, such as {@code 1E+99999999999}; Jackson lets the
     * parse failure through as it is. Any other NumberFormatException is a bug.
     */
    @ServerExceptionMapper
    public Response number(NumberFormatException e, HttpServerRequest request) {
        return whileReadingJson(e) ? api(numberBeyondReach(), request) : unexpected(e, request);
    }

    private static boolean whileReadingJson(NumberFormatException e) {
        return java.util.Arrays.stream(e.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith("com.fasterxml.jackson."));
    }

    private static ApiException numberBeyondReach() {
        return ApiException.badRequest("the body holds a number beyond any that can be read (its exponent or length"
                + " is out of range)");
    }

    /**
     * What a failure is when it is the client's mistake: an {@link ApiException}, or a body that is not JSON; empty for
     * anything else. For the few routes served outside the REST layer, which answer it with {@link #problem}.
     */
    public static Optional<ApiException> clientMistake(Throwable e) {
        if (e instanceof ApiException api) {
            return Optional.of(api);
        }
        if (e instanceof JsonProcessingException json) {
            return Optional.of(unreadable(json));
        }
        if (e instanceof NumberFormatException number && whileReadingJson(number)) {
            return Optional.of(numberBeyondReach());
        }
        return Optional.empty();
    }

    /**
     * A value PostgreSQL refuses to store: text it cannot encode, or longer than its column. Every field is
     * validated before it is written, so this is the last line of defence, not the usual answer.
     */
    @ServerExceptionMapper
    public Response data(org.hibernate.exception.DataException e, HttpServerRequest request) {
        LOG.warnf("PostgreSQL refused a value on %s %s: %s", request.method(), request.path(),
                e.getSQLException() == null ? e.getMessage() : e.getSQLException().getMessage());
        return build(400, "a value in the request cannot be stored (text with a NUL character, or too long)",
                request, Map.of()).build();
    }

    private static Response invalidField(String field, String detail, HttpServerRequest request) {
        return build(400, detail, request,
                Map.of("validationErrors", List.of(new ValidationError(field, "type", detail)))).build();
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder name = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                name.append(name.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                name.append('[').append(step.getIndex()).append(']');
            }
        }
        return name.toString();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        Problem problem = unexpectedProblem(e, request);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** A failure that is nobody's mistake but the server's: logged, and answered with a reference to the log line. */
    public static Problem unexpectedProblem(Throwable e, HttpServerRequest request) {
        if (clientWentAway(e)) {
            // Nothing to answer, and nothing wrong with the server: the answer could not be delivered anyway.
            LOG.debugf("client closed the connection during %s %s", request.method(), request.path());
            return problem(400, "the client closed the connection", request, Map.of());
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure on %s %s (reference %s)", request.method(), request.path(), reference);
        return problem(500, "internal error, reference " + reference, request, Map.of());
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private static String clientDetail(int status, HttpServerRequest request) {
        return switch (status) {
            case 404 -> "no resource at " + request.path();
            case 405 -> "method " + request.method() + " is not allowed on " + request.path();
            case 406 -> "cannot produce any of the media types in Accept: " + request.getHeader("Accept");
            case 415 -> "unsupported Content-Type: " + request.getHeader("Content-Type");
            default -> Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : "request rejected";
        };
    }

    private static Response.ResponseBuilder build(int status, String detail, HttpServerRequest request,
            Map<String, Object> extensions) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem(status, detail, request, extensions));
    }

    private static Problem problem(int status, String detail, HttpServerRequest request,
            Map<String, Object> extensions) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        String requestId = request.getHeader("X-Request-Id");
        String instance = requestId != null && requestId.length() <= 128 ? "urn:request:" + requestId : null;
        return new Problem("about:blank", title, status, detail, instance, extensions);
    }
}
