package dev.tollgate.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    /** The test vector of the Standard Webhooks spec and its reference libraries. */
    @Test
    void matchesTheStandardWebhooksTestVector() {
        assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theIdTimestampAndBodyAreAllSigned() {
        String signature = WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, BODY);
        assertThat(WebhookSignature.sign(SECRET, MSG_ID + "x", TIMESTAMP, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP + 1, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, "{\"test\":2432232314}".getBytes()))
                .isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(WebhookSecrets.generate(), MSG_ID, TIMESTAMP, BODY)).isNotEqualTo(signature);
    }

    @Test
    void headerNamesAreTheSpecs() {
        assertThat(WebhookSignature.ID_HEADER).isEqualTo("webhook-id");
        assertThat(WebhookSignature.TIMESTAMP_HEADER).isEqualTo("webhook-timestamp");
        assertThat(WebhookSignature.SIGNATURE_HEADER).isEqualTo("webhook-signature");
    }
}
