package dev.tollgate.shared.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource for people in a browser (the console): it authenticates the browser by its own session cookie and calls
 * the API with the key held there, so the API's scope checks still decide. {@link ApiKeyAuthFilter} lets its requests
 * through without an API key; it is not part of the OpenAPI document.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BrowserSession {
}
