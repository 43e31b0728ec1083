package dev.tollgate.app.stripe;

import java.time.Instant;
import java.util.Map;

/**
 * One request the fake received, as the tests see it.
 *
 * @param params the parsed form body (POST) or query (GET, DELETE), nested as Stripe reads it
 * @param status the status the fake answered; 0 when it answered nothing (a hold before executing)
 * @param replayed whether the answer was an idempotent replay
 * @param fault null, or the injected fault the request took: "fail", "hold-before" or "hold-after"
 */
public record RecordedRequest(long sequence, Instant at, String method, String path, Map<String, Object> params,
        String idempotencyKey, String stripeVersion, String apiKey, int status, boolean replayed, String fault,
        String responseBody) {

    /** A parameter by its bracketed name, "lines[0][amount]"; null when absent (a hash reads as its map). */
    public String param(String name) {
        Object value = StripeForm.lookup(params, name);
        return value instanceof String s ? s : value == null ? null : value.toString();
    }

    public boolean is(String method, String pathRegex) {
        return this.method.equals(method) && path.matches(pathRegex);
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + (replayed ? " (replayed)" : "")
                + (fault != null ? " [" + fault + "]" : "") + " key=" + idempotencyKey;
    }
}
