package dev.tollgate.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    private static String secretOf(int bytes) {
        return "whsec_" + Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    @Test
    void aGeneratedSecretIsThePrefixAndBase64Of32RandomBytes() {
        String secret = WebhookSecrets.generate();
        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSecrets.isValid(secret)).isTrue();
        assertThat(WebhookSecrets.key(secret)).hasSize(32);
        assertThat(WebhookSecrets.generate()).isNotEqualTo(secret);
    }

    @Test
    void acceptsKeysOf24To64Bytes() {
        assertThat(WebhookSecrets.isValid(secretOf(24))).isTrue();
        assertThat(WebhookSecrets.isValid(secretOf(64))).isTrue();
        assertThat(WebhookSecrets.isValid(secretOf(23))).isFalse();
        assertThat(WebhookSecrets.isValid(secretOf(65))).isFalse();
    }

    @Test
    void theSpecsExampleSecretIsValid() {
        assertThat(WebhookSecrets.isValid("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isTrue();
        assertThat(WebhookSecrets.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).hasSize(24);
    }

    @Test
    void refusesAMissingPrefixBadBase64AndNull() {
        String bare = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(WebhookSecrets.isValid(bare)).isFalse();
        assertThat(WebhookSecrets.isValid("whsec_" + bare.replace('A', '*'))).isFalse();
        assertThat(WebhookSecrets.isValid("WHSEC_" + bare)).isFalse();
        assertThat(WebhookSecrets.isValid(null)).isFalse();
        assertThat(WebhookSecrets.isValid("whsec_")).isFalse();
    }

    @Test
    void anInvalidSecretIsNotRepeatedInTheError() {
        assertThatThrownBy(() -> WebhookSecrets.key("whsec_tooShortToBeAKey"))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("tooShortToBeAKey");
    }
}
