package dev.tollgate.shared.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString("a".repeat(32).getBytes());
    private static final String KEY_B = Base64.getEncoder().encodeToString("b".repeat(32).getBytes());

    private static SecretBox box(String master, String... previous) {
        return new SecretBox(new SecretsConfig() {
            @Override
            public Optional<String> masterKey() {
                return Optional.ofNullable(master);
            }

            @Override
            public Optional<List<String>> previousMasterKeys() {
                return Optional.of(List.of(previous));
            }
        });
    }

    @Test
    void sealedSecretsOpenInTheirContextOnly() {
        SecretBox box = box(KEY_A);
        String sealed = box.seal("sk_test_123456789", "app/1/stripe-api-key");
        assertThat(sealed).startsWith("v1:").doesNotContain("sk_test_123456789");
        assertThat(box.open(sealed, "app/1/stripe-api-key")).isEqualTo("sk_test_123456789");
        // Copied to another app's row, it does not open.
        assertThatThrownBy(() -> box.open(sealed, "app/2/stripe-api-key")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("sk_test");
        // Two seals of one secret differ (a fresh nonce each time).
        assertThat(box.seal("sk_test_123456789", "c")).isNotEqualTo(box.seal("sk_test_123456789", "c"));
    }

    @Test
    void aTamperedSecretDoesNotOpen() {
        SecretBox box = box(KEY_A);
        String sealed = box.seal("whsec_abc", "ctx");
        // One bit of the ciphertext flipped (in the bytes, not the base64 text, whose padding bits decode alike).
        int colon = sealed.lastIndexOf(':');
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(colon + 1));
        bytes[bytes.length / 2] ^= 1;
        String tampered = sealed.substring(0, colon + 1) + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(tampered, "ctx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRotatedKeyStillOpensWhatItSealed() {
        String sealedWithA = box(KEY_A).seal("secret", "ctx");
        SecretBox rotated = box(KEY_B, KEY_A);
        assertThat(rotated.open(sealedWithA, "ctx")).isEqualTo("secret");
        assertThat(rotated.seal("secret", "ctx")).isNotEqualTo(sealedWithA);
        assertThatThrownBy(() -> box(KEY_B).open(sealedWithA, "ctx")).hasMessageContaining("not configured");
    }

    @Test
    void withoutAMasterKeyNothingIsSealed() {
        SecretBox none = box(null);
        assertThat(none.canSeal()).isFalse();
        assertThatThrownBy(() -> none.seal("x", "ctx")).hasMessageContaining("tollgate.secrets.master-key");
        assertThatThrownBy(() -> box("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }
}
