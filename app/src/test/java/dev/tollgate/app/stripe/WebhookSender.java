package dev.tollgate.app.stripe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** POSTs events to webhook endpoints with Stripe's Stripe-Signature header. */
final class WebhookSender {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private volatile Duration timeout = Duration.ofSeconds(10);

    void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    WebhookDelivery send(StripeEvent event, String endpointId, String url, String secret, long timestamp,
            boolean testMode) {
        String header = signatureHeader(event.payload(), secret, timestamp, testMode);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", header)
                .POST(HttpRequest.BodyPublishers.ofString(event.payload(), StandardCharsets.UTF_8))
                .build();
        int status = 0;
        String error = null;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.toString();
        }
        return new WebhookDelivery(Instant.now(), event.id(), event.type(), endpointId, url, header, event.payload(),
                status, error);
    }

    /**
     * "t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.payload" keyed with the whole whsec_ secret&gt;". In test
     * mode Stripe adds a v0 signature made with another key, which receivers must ignore; the fake does the same.
     */
    static String signatureHeader(String payload, String secret, long timestamp, boolean testMode) {
        String signed = timestamp + "." + payload;
        String header = "t=" + timestamp + ",v1=" + hmacSha256Hex(secret, signed);
        return testMode ? header + ",v0=" + hmacSha256Hex("legacy-" + secret, signed) : header;
    }

    static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
