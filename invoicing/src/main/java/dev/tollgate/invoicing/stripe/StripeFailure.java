package dev.tollgate.invoicing.stripe;

/**
 * A Stripe call that failed: {@link #retryable()} for network errors, timeouts, 409 (a concurrent request with the
 * same idempotency key), 429 and 5xx, which the sync tries again later; anything else (a 4xx) stops the sync until
 * someone acts. The message is Stripe's, never the API key.
 */
public class StripeFailure extends RuntimeException {

    private final boolean retryable;
    private final Integer status;
    private final String code;

    public StripeFailure(String message, boolean retryable, Integer status, String code) {
        super(message);
        this.retryable = retryable;
        this.status = status;
        this.code = code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Integer status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The answer to a client whose request Stripe could not serve now: 503, with a time to come back. */
    public dev.tollgate.shared.problem.ApiException unavailable() {
        return dev.tollgate.shared.problem.ApiException.unavailable("Stripe did not answer: " + getMessage(),
                java.time.Duration.ofSeconds(30));
    }
}
