package dev.tollgate.shared.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * RFC 9457 problem details in OpenMeter's layout: {@code type} is {@code about:blank}, {@code title} the status
 * phrase, and field errors go under {@code extensions.validationErrors}, so OpenMeter's SDKs parse our errors.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
        Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
