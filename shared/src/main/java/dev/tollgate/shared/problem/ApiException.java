package dev.tollgate.shared.problem;

import java.time.Duration;
import java.util.List;

/**
 * A failure the client can act on. {@link ProblemExceptionMapper} renders it as RFC 9457 problem+json; the detail must
 * name the offending field, event or limit, and never carries internals.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final List<ValidationError> validationErrors;
    private final Duration retryAfter;
    private final java.util.Map<String, Object> extensions;

    public ApiException(int status, String detail) {
        this(status, detail, List.of(), null);
    }

    public ApiException(int status, String detail, List<ValidationError> validationErrors, Duration retryAfter) {
        this(status, detail, validationErrors, retryAfter, java.util.Map.of());
    }

    private ApiException(int status, String detail, List<ValidationError> validationErrors, Duration retryAfter,
            java.util.Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.validationErrors = List.copyOf(validationErrors);
        this.retryAfter = retryAfter;
        this.extensions = java.util.Map.copyOf(extensions);
    }

    /** This problem with one more member under {@code extensions}, such as an invoice's available actions. */
    public ApiException withExtension(String name, Object value) {
        java.util.Map<String, Object> more = new java.util.LinkedHashMap<>(extensions);
        more.put(name, value);
        return new ApiException(status, getMessage(), validationErrors, retryAfter, more);
    }

    public java.util.Map<String, Object> extensions() {
        return extensions;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException invalid(List<ValidationError> errors) {
        ValidationError first = errors.get(0);
        String detail = first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        return new ApiException(400, detail, errors, null);
    }

    /** One invalid field; the message is read after the field's name, as in "name must not be empty". */
    public static ApiException invalid(String field, String code, String message) {
        return invalid(List.of(ValidationError.error(field, code, message)));
    }

    /** The body of a request, which must be present: {@code what} names it, as in "a customer". */
    public static <T> T requireBody(T body, String what) {
        if (body == null) {
            throw badRequest("the request body must be " + what + " in JSON");
        }
        return body;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, detail);
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(503, detail, List.of(), retryAfter);
    }

    public int status() {
        return status;
    }

    public List<ValidationError> validationErrors() {
        return validationErrors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
