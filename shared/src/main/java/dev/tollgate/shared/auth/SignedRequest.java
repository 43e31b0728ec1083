package dev.tollgate.shared.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint called without an API key, whose caller proves itself by a signature the endpoint verifies (Stripe's
 * webhooks). {@link ApiKeyAuthFilter} lets it through; the OpenAPI document marks it {@code x-tollgate-scope:
 * signature}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SignedRequest {
}
