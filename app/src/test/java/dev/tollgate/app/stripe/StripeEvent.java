package dev.tollgate.app.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An event as Stripe builds it ({@code {id:"evt_...", object:"event", data:{object:...}, ...}}), frozen when it was
 * made: delivering it later, twice, or after a newer one sends these same bytes, as Stripe's retries and out-of-order
 * deliveries do. The endpoints it goes to are those of its account subscribed to its type when it was made.
 */
public final class StripeEvent {

    private final FakeStripe fake;
    private final String id;
    private final String type;
    private final String payload;
    private final List<String> endpointIds;

    StripeEvent(FakeStripe fake, String id, String type, String payload, List<String> endpointIds) {
        this.fake = fake;
        this.id = id;
        this.type = type;
        this.payload = payload;
        this.endpointIds = List.copyOf(endpointIds);
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    /** The exact JSON body every delivery of this event sends. */
    public String payload() {
        return payload;
    }

    public JsonNode json() {
        return StripeJson.read(payload);
    }

    public List<String> endpointIds() {
        return endpointIds;
    }

    /** Delivers now, signed now with each endpoint's secret; the receivers' worst (highest) HTTP status. */
    public int deliver() {
        return worst(deliver(null, null));
    }

    /** Delivers now with a signature timestamp {@code age} in the past, as a delayed retry of Stripe's would be. */
    public int deliverLate(Duration age) {
        return worst(deliver(fake.now().minus(age), null));
    }

    /** Delivers signed with another secret (a forged or stale-secret delivery). */
    public int deliverWithSecret(String secret) {
        return worst(deliver(null, secret));
    }

    /**
     * @param signedAt the signature's timestamp, null for the fake's now
     * @param secret the signing secret, null for each endpoint's own
     */
    public List<WebhookDelivery> deliver(Instant signedAt, String secret) {
        return fake.deliver(this, signedAt, secret, true);
    }

    private static int worst(List<WebhookDelivery> deliveries) {
        return deliveries.stream().mapToInt(WebhookDelivery::status)
                .map(status -> status == 0 ? Integer.MAX_VALUE : status).max().orElse(0);
    }

    @Override
    public String toString() {
        return type + " " + id;
    }
}
