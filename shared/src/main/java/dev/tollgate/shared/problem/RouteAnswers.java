package dev.tollgate.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Answers for the few endpoints served by plain Vert.x routes instead of the REST layer (the access check, event
 * ingestion), in the REST layer's shapes: a client's mistake as its problem, with {@code Retry-After} where it has one,
 * anything else as a 500 that refers to the log line.
 */
public final class RouteAnswers {

    private static final Logger LOG = Logger.getLogger(RouteAnswers.class);

    private RouteAnswers() {
    }

    /** Answers {@code failure} as {@link ProblemExceptionMapper} would. */
    public static void failure(HttpServerRequest request, Throwable failure, ObjectMapper json) {
        Optional<ApiException> mistake = ProblemExceptionMapper.clientMistake(failure);
        if (mistake.isEmpty()) {
            Problem problem = ProblemExceptionMapper.unexpectedProblem(failure, request);
            write(request.response().setStatusCode(problem.status()), Problem.MEDIA_TYPE, problem, json);
            return;
        }
        ApiException e = mistake.get();
        HttpServerResponse response = request.response().setStatusCode(e.status());
        if (e.retryAfter() != null) {
            response.putHeader("Retry-After", String.valueOf(ProblemExceptionMapper.retryAfterSeconds(e)));
        }
        write(response, Problem.MEDIA_TYPE, ProblemExceptionMapper.problem(e, request), json);
    }

    /** Ends the response with {@code body} as JSON; nothing, if the response has ended (the client went away). */
    public static void write(HttpServerResponse response, String contentType, Object body, ObjectMapper json) {
        if (response.ended() || response.closed()) {
            return;
        }
        try {
            response.putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(Buffer.buffer(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            LOG.error("an answer could not be written", e);
            response.setStatusCode(500).end();
        }
    }
}
